//! The `kuis` binary: hands the arguments to the library and exits with its code.

fn main() {
    std::process::exit(kuis::run(std::env::args_os()));
}
