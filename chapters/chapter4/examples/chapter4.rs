//! Chapter 4: the role of x, data shapes the landscape. Run from the
//! repository root with `cargo run --example chapter4`; `-- --help` lists
//! the options.

fn main() {
    harness::main(&chapter4::Chapter4);
}
