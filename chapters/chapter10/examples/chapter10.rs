//! Chapter 10: from lines to cats, probability. Run from the repository root
//! with `cargo run --example chapter10`; `-- --help` lists the options.

fn main() {
    harness::main(&chapter10::Chapter10);
}
