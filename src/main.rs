//! The `kuis` binary: hands the arguments to the library and exits with its code.

// mimalloc: loading a bank or a store allocates millions of small strings; the system
// allocator makes `kuis report` over 20,000 attempts noticeably slower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(kuis::run(std::env::args_os()));
}
