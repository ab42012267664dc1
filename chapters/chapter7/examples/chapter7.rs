//! Chapter 7: when the bowl is not a bowl. Run from the repository root with
//! `cargo run --example chapter7`; `-- --help` lists the options.

fn main() {
    harness::main(&chapter7::Chapter7);
}
