//! Reproducible outputs: the same sources give the same bytes wherever,
//! whenever and in whatever locale and time zone they are built.

mod common;

use std::time::Duration;

use common::Fixture;

const OUTPUTS: [&str; 4] = [
    "TDAG-23-XX-C.pdf",
    "TDAG-23-XX-E.pdf",
    "TDAG-23-XX-C.docx",
    "TDAG-23-XX-E.docx",
];

fn build_with(f: &Fixture, out: &str, env: &[(&str, &str)]) -> Vec<Vec<u8>> {
    let mut cmd = f.cmd();
    cmd.args(["build", "--quiet", "--out", out]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    OUTPUTS
        .iter()
        .map(|name| std::fs::read(f.path().join(out).join(name)).unwrap())
        .collect()
}

#[test]
fn different_directory_time_zone_locale_and_time_give_identical_bytes() {
    let here = Fixture::new();
    let there = Fixture::new();
    assert_ne!(here.path(), there.path());
    let a = build_with(
        &here,
        "out",
        &[("TZ", "UTC"), ("LANG", "C.UTF-8"), ("LC_ALL", "C.UTF-8")],
    );
    // Long enough for any clock-derived second or minute field to change.
    std::thread::sleep(Duration::from_millis(1100));
    let out = there.path().join("elsewhere/out");
    let b = build_with(
        &there,
        out.to_str().unwrap(),
        &[
            ("TZ", "Pacific/Kiritimati"),
            ("LANG", "zh_CN.UTF-8"),
            ("LC_ALL", "zh_CN.UTF-8"),
        ],
    );
    for ((name, a), b) in OUTPUTS.iter().zip(&a).zip(&b) {
        assert!(a == b, "{name} differs between the two builds");
    }
}

#[test]
fn source_date_epoch_sets_the_time_stamps() {
    let f = Fixture::new();
    let default = build_with(&f, "a", &[]);
    let epoch = [("SOURCE_DATE_EPOCH", "1700000000")];
    let first = build_with(&f, "b", &epoch);
    let second = build_with(&f, "c", &epoch);
    assert_eq!(
        first, second,
        "the same SOURCE_DATE_EPOCH gives the same bytes"
    );
    for ((name, d), e) in OUTPUTS.iter().zip(&default).zip(&first) {
        assert!(d != e, "{name} ignores SOURCE_DATE_EPOCH");
    }
    let pdf = String::from_utf8_lossy(&first[1]);
    assert!(
        pdf.contains("2023-11-14T22:13:20"),
        "the PDF's XMP carries the epoch's date"
    );
    let docx = common::ooxml::Package::open(&first[3]);
    let core = String::from_utf8_lossy(&docx.parts["docProps/core.xml"]).into_owned();
    assert!(core.contains("2023-11-14T22:13:20Z"), "{core}");
    let pdf = String::from_utf8_lossy(&default[1]);
    assert!(
        pdf.contains("2023-04-28T00:00:00"),
        "by default the report date"
    );
    let errors = f
        .cmd()
        .args(["build", "--out", "d"])
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert_eq!(errors.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&errors.stderr)
            .contains("SOURCE_DATE_EPOCH is not a number of seconds")
    );
}
