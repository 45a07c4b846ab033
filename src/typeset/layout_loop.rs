//! Typst's compile for paged output, with room for a large document's
//! memory.
//!
//! As `typst::compile`, this evaluates the main file, then lays the
//! content out again until its introspections (page numbers in the running
//! header, footnote and heading counters) stabilize. Two things differ:
//!
//! - a lean compile empties Typst's caches between the evaluation and the
//!   layout: what the evaluation cached (the document model parsed from
//!   JSON, the calls that built the content) is not needed to lay the
//!   content out, and at 100× the sources it is about 10 MiB of the peak;
//! - of each layout before the last, only its introspector is kept, which
//!   is all the next layout asks of it (`typst::compile` keeps every
//!   layout's pages until it returns).

use std::sync::Arc;

use typst::World;
use typst::comemo::{Constraint, Track, Tracked};
use typst::diag::{FileError, SourceDiagnostic, SourceResult, Warned};
use typst::ecow::{EcoVec, eco_vec};
use typst::engine::{Engine, Route, Sink, Traced};
use typst::foundations::{Output, StyleChain, Target, TargetElem};
use typst::introspection::{EmptyIntrospector, Introspector, MAX_ITERS, analyze};
use typst::syntax::Span;
use typst::utils::Protected;
use typst_layout::{PagedDocument, PagedIntrospector};

/// Compiles the world's main file to pages, as `typst::compile` does;
/// `lean` empties Typst's caches once the content is evaluated.
pub fn compile(world: &dyn World, lean: bool) -> Warned<SourceResult<PagedDocument>> {
    let mut sink = Sink::new();
    let traced = Traced::default();
    let output = compile_in(world.track(), traced.track(), &mut sink, lean).map_err(dedup);
    Warned {
        output,
        warnings: sink.warnings(),
    }
}

fn compile_in(
    world: Tracked<dyn World + '_>,
    traced: Tracked<Traced>,
    sink: &mut Sink,
    lean: bool,
) -> SourceResult<PagedDocument> {
    let library = world.library();
    let base = StyleChain::new(&library.styles);
    let target = TargetElem::target.set(Target::Paged).wrap();
    let styles = base.chain(&target);
    let main = world.source(world.main()).map_err(|e: FileError| {
        eco_vec![SourceDiagnostic::error(Span::detached(), e.to_string())]
    })?;
    let content = typst_eval::eval(
        world,
        library,
        traced,
        sink.track_mut(),
        Route::default().track(),
        &main,
    )?
    .content();
    if lean {
        typst::comemo::evict(0);
        crate::alloc::release();
    }

    let empty = EmptyIntrospector;
    // The introspectors of the layouts so far, without their pages.
    let mut history: Vec<Arc<PagedIntrospector>> = Vec::with_capacity(MAX_ITERS);
    loop {
        let introspector: &dyn Introspector = match history.last() {
            Some(last) => last.as_ref(),
            None => &empty,
        };
        let constraint = Constraint::new();
        let mut subsink = Sink::new();
        let mut engine = Engine {
            library,
            world,
            introspector: Protected::new(introspector.track_with(&constraint)),
            traced,
            sink: subsink.track_mut(),
            route: Route::default(),
        };
        let document = PagedDocument::create(&mut engine, &content, styles)?;
        let current: &dyn Introspector = document.introspector().as_ref();
        if constraint.validate(current) {
            sink.extend_from_sink(subsink);
            return finish(sink, document);
        }
        if history.len() == MAX_ITERS - 1 {
            let mut all = [&empty as &dyn Introspector; MAX_ITERS + 1];
            for (slot, i) in all[1..].iter_mut().zip(&history) {
                *slot = i.as_ref();
            }
            all[MAX_ITERS] = document.introspector().as_ref();
            let warnings = analyze(world, all, subsink.introspections());
            sink.extend_from_sink(subsink);
            for warning in warnings {
                sink.warn(warning);
            }
            return finish(sink, document);
        }
        history.push(document.introspector().clone());
    }
}

/// The document, unless an error was delayed to the end.
fn finish(sink: &mut Sink, document: PagedDocument) -> SourceResult<PagedDocument> {
    let delayed = sink.delayed();
    if delayed.is_empty() {
        Ok(document)
    } else {
        Err(delayed)
    }
}

/// Each diagnostic once (the same error can be reported by several layouts).
fn dedup(mut diags: EcoVec<SourceDiagnostic>) -> EcoVec<SourceDiagnostic> {
    let mut seen = std::collections::HashSet::new();
    diags.retain(|d| seen.insert(typst::utils::hash128(&(&d.span, &d.message))));
    diags
}
