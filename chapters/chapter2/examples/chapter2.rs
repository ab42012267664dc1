//! Chapter 2: the learning rate. Run from the repository root with
//! `cargo run --example chapter2`; `-- --help` lists the options.

fn main() {
    harness::main(&chapter2::Chapter2);
}
