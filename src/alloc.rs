//! Settings of the C library's allocator for a build: a short process that
//! allocates and frees a great deal (Typst's layout and caches, the figure
//! pictures) on a few threads.
//!
//! glibc's defaults give each thread an arena of its own, return freed
//! memory to the system as soon as 128 KiB lie free at the top of a heap,
//! and map every large buffer afresh. A build then touches new pages
//! again and again: a fifth of its CPU time went to page faults. The
//! settings below keep freed memory for reuse instead (see
//! benches/PROFILE.md for what they gained).

/// Tunes glibc's malloc: at most two arenas (the build runs on two
/// threads at a time, and fewer arenas hold less memory at 100× the
/// sources), heaps grown 16 MiB at a time, freed memory kept up to
/// 256 MiB, and buffers of up to 32 MiB taken from the heaps, not mapped
/// one by one. Call it first thing in `main`, before any thread starts.
/// Does nothing with other C libraries.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const MIB: libc::c_int = 1 << 20;
        let settings = [
            (libc::M_ARENA_MAX, 2),
            (libc::M_TOP_PAD, 16 * MIB),
            (libc::M_TRIM_THRESHOLD, 256 * MIB),
            (libc::M_MMAP_THRESHOLD, 32 * MIB),
        ];
        for (param, value) in settings {
            // SAFETY: mallopt only changes the allocator's parameters; it
            // is called before any other thread exists. A value it refuses
            // leaves the default, which is merely slower.
            unsafe {
                libc::mallopt(param, value);
            }
        }
    }
}

/// Returns the memory freed so far to the system, where the C library
/// keeps it for reuse otherwise: after a large edition's caches are
/// emptied, so that the next edition does not stack on its leftovers.
pub fn release() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory of the allocator's own
    // heaps to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}
