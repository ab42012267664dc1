//! A model of the floating-point arithmetic of the walk x ← x − η·(x − 1)
//! near its bottom at 1, written in integers: independent of the f64 loop,
//! it rounds as IEEE 754 does (to nearest, ties to even). Chapter 2's tests
//! check the floor with it, and chapter 11's tests include this file too.

/// `η = m·2ᵉ` with `m` a 53-bit whole number.
pub fn decompose(eta: f64) -> (i128, i32) {
    let bits = eta.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = (bits & ((1u64 << 52) - 1)) as i128;
    (fraction | (1i128 << 52), exponent - 1075)
}

/// `v` rounded to the nearest multiple of `unit`, a power of two; a tie
/// goes to the even multiple.
pub fn round_to_multiple(v: i128, unit: i128) -> i128 {
    let (q, r) = (v.div_euclid(unit), v.rem_euclid(unit));
    let up = 2 * r > unit || (2 * r == unit && q % 2 != 0);
    (if up { q + 1 } else { q }) * unit
}

/// `v` rounded to 53 significant binary digits.
pub fn round_to_53_bits(v: i128) -> i128 {
    let bits = 128 - v.unsigned_abs().leading_zeros() as i32;
    if bits <= 53 {
        return v;
    }
    let unit = 1i128 << (bits - 53);
    v.signum() * round_to_multiple(v.abs(), unit)
}

/// One step of the walk toward 1 with `x − 1 = q·ε/2`, for `x` in `[½, 2)`:
/// the step `η·(x − 1)` rounded to 53 bits, then `x` minus the step rounded
/// to the spacing of the doubles where it lands (`ε` above 1, `ε/2` below).
pub fn model_step_near_one(q: i128, eta: f64) -> i128 {
    let (m, e) = decompose(eta);
    // Work in units of 2^(e − 53): ε/2 = 2⁻⁵³ is 2^(−e) of them.
    let shift = -e;
    let step = round_to_53_bits(m * q);
    let x = ((1i128 << 53) + q) << shift;
    let landed = x - step;
    let one = (1i128 << 53) << shift;
    let spacing = if landed >= one {
        2i128 << shift
    } else {
        1i128 << shift
    };
    (round_to_multiple(landed, spacing) >> shift) - (1i128 << 53)
}
