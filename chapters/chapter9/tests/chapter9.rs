//! Chapter 9's numbers against theory and independent computations; the
//! kit's check covers its figures, its quotes and its exercises.

use chapter9::{Chapter9, Report};
use std::sync::OnceLock;

fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(Report::compute)
}

#[test]
fn the_chapter_passes_the_kits_check() {
    harness::check(&Chapter9);
}

#[test]
fn the_report_computes() {
    assert!(!report().comparison.is_empty());
}
