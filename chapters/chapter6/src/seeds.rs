//! Determinism and randomness: the same seed gives the same bits; the
//! spread across seeds is the noise.

use crate::basis::{Draw, Legendre, least_squares};

// ANCHOR: fingerprint
/// A fingerprint of a list of numbers: the 64-bit FNV-1a hash of their
/// exact bit patterns. Two lists get the same fingerprint when they are
/// the same to the last bit (and, but for a one-in-2⁶⁴ accident, only then).
pub fn fingerprint(values: &[f64]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for v in values {
        for byte in v.to_bits().to_le_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}
// ANCHOR_END: fingerprint

/// Every coefficient of every degree fitted to the data sets of seeds
/// `first, …, first + count − 1`, in one list.
pub fn all_coefficients(n: usize, sigma: f64, first: u64, count: usize) -> Vec<f64> {
    let mut all = Vec::new();
    for s in 0..count {
        let draw = Draw::new(n, sigma, first + s as u64, 0, 0);
        for k in 0..n {
            all.extend(least_squares(&Legendre::new(k), &draw.train).expect("k < n"));
        }
    }
    all
}

/// A fingerprint as the report prints it: 16 hexadecimal digits.
pub fn hex(fingerprint: u64) -> String {
    format!("{fingerprint:016x}")
}
