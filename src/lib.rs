//! `descent`: the numerics every chapter of *Downhill* shares.
