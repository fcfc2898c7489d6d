//! The `kuis` binary: hands the arguments to the library and exits with its code.

// mimalloc: loading a bank or a store allocates millions of small strings; the system
// allocator makes `kuis report` over 20,000 attempts noticeably slower. Built without its
// transparent-huge-page advice (Cargo feature `no_thp`): on a kernel in THP "madvise" mode
// each advised region became resident 2 MB at a time, which took `kuis check` of a
// 2,000-question bank from 25 MB to 37 MB peak for no measurable speed.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(kuis::run(std::env::args_os()));
}
