//! Chapter 1: slope and the derivative. Run from the repository root with
//! `cargo run --example chapter1`; `-- --help` lists the options.

fn main() {
    harness::main(&chapter1::Chapter1);
}
