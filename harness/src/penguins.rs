//! The Palmer penguins: 344 penguins of three species, measured.
//!
//! The book's one real data set (chapters 4 and 10), committed as
//! `chapters/data/penguins.csv` with its source, licence (CC0) and citation
//! beside it in `chapters/data/README.md`. The file is compiled into the
//! program, so every run reads the same bytes wherever it is started.
//!
//! Each row becomes a [`Penguin`]: its species, island, four measurements,
//! sex and year. A value the file gives as `NA` is `None`; the data set says
//! how many rows miss something ([`Penguins::incomplete`]), and
//! [`Penguins::complete`] keeps the rows that have the measurements a fit
//! needs.
//!
//! ```
//! use harness::penguins::{Measurement, Penguins};
//! let penguins = Penguins::load();
//! assert_eq!(penguins.rows.len(), 344);
//! let usable = penguins.complete(&[Measurement::FlipperLength, Measurement::BodyMass]);
//! assert_eq!(usable.len(), 342);
//! ```

use std::fmt;

use descent::data::{DataSet, Sample};

/// The file, as committed.
pub const CSV: &str = include_str!("../../chapters/data/penguins.csv");

/// Where the file is, from the repository's root.
pub const PATH: &str = "chapters/data/penguins.csv";

/// The three species of the data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Species {
    /// Adélie penguins (*Pygoscelis adeliae*).
    Adelie,
    /// Chinstrap penguins (*Pygoscelis antarcticus*).
    Chinstrap,
    /// Gentoo penguins (*Pygoscelis papua*).
    Gentoo,
}

impl Species {
    /// All three, in the file's alphabetical order.
    pub const ALL: [Species; 3] = [Species::Adelie, Species::Chinstrap, Species::Gentoo];

    /// The name as the file writes it.
    pub fn name(self) -> &'static str {
        match self {
            Species::Adelie => "Adelie",
            Species::Chinstrap => "Chinstrap",
            Species::Gentoo => "Gentoo",
        }
    }
}

/// The three islands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Island {
    /// Biscoe Island.
    Biscoe,
    /// Dream Island.
    Dream,
    /// Torgersen Island.
    Torgersen,
}

impl Island {
    /// The name as the file writes it.
    pub fn name(self) -> &'static str {
        match self {
            Island::Biscoe => "Biscoe",
            Island::Dream => "Dream",
            Island::Torgersen => "Torgersen",
        }
    }
}

/// A penguin's recorded sex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Female.
    Female,
    /// Male.
    Male,
}

/// One row of the file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Penguin {
    /// The species.
    pub species: Species,
    /// Where it was observed.
    pub island: Island,
    /// Bill (culmen) length in millimetres.
    pub bill_length_mm: Option<f64>,
    /// Bill (culmen) depth in millimetres.
    pub bill_depth_mm: Option<f64>,
    /// Flipper length in millimetres.
    pub flipper_length_mm: Option<f64>,
    /// Body mass in grams.
    pub body_mass_g: Option<f64>,
    /// Sex, where it was recorded.
    pub sex: Option<Sex>,
    /// The year of the observation, 2007 to 2009.
    pub year: u32,
}

impl Penguin {
    /// Whether every value of the row is present.
    pub fn is_complete(&self) -> bool {
        Measurement::ALL.iter().all(|m| m.of(self).is_some()) && self.sex.is_some()
    }
}

/// One of the four measurements, to pick features and targets by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measurement {
    /// Bill length, mm.
    BillLength,
    /// Bill depth, mm.
    BillDepth,
    /// Flipper length, mm.
    FlipperLength,
    /// Body mass, g.
    BodyMass,
}

impl Measurement {
    /// All four, in the file's column order.
    pub const ALL: [Measurement; 4] = [
        Measurement::BillLength,
        Measurement::BillDepth,
        Measurement::FlipperLength,
        Measurement::BodyMass,
    ];

    /// The value for one penguin, if recorded.
    pub fn of(self, penguin: &Penguin) -> Option<f64> {
        match self {
            Measurement::BillLength => penguin.bill_length_mm,
            Measurement::BillDepth => penguin.bill_depth_mm,
            Measurement::FlipperLength => penguin.flipper_length_mm,
            Measurement::BodyMass => penguin.body_mass_g,
        }
    }

    /// The file's column name, e.g. `flipper_length_mm`.
    pub fn column(self) -> &'static str {
        match self {
            Measurement::BillLength => "bill_length_mm",
            Measurement::BillDepth => "bill_depth_mm",
            Measurement::FlipperLength => "flipper_length_mm",
            Measurement::BodyMass => "body_mass_g",
        }
    }

    /// In words, e.g. `flipper length`.
    pub fn name(self) -> &'static str {
        match self {
            Measurement::BillLength => "bill length",
            Measurement::BillDepth => "bill depth",
            Measurement::FlipperLength => "flipper length",
            Measurement::BodyMass => "body mass",
        }
    }

    /// The unit, `mm` or `g`.
    pub fn unit(self) -> &'static str {
        match self {
            Measurement::BodyMass => "g",
            _ => "mm",
        }
    }
}

/// What went wrong reading a penguin file: the line and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(pub String);

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ReadError {}

/// The whole data set.
#[derive(Debug, Clone, PartialEq)]
pub struct Penguins {
    /// Every row, in the file's order.
    pub rows: Vec<Penguin>,
}

/// The header the file must have.
const HEADER: [&str; 8] = [
    "species",
    "island",
    "bill_length_mm",
    "bill_depth_mm",
    "flipper_length_mm",
    "body_mass_g",
    "sex",
    "year",
];

fn missing_or<T>(
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
    what: &str,
    line: u64,
) -> Result<Option<T>, ReadError> {
    if text == "NA" {
        return Ok(None);
    }
    parse(text)
        .map(Some)
        .ok_or_else(|| ReadError(format!("line {line}: {what} `{text}` is not valid")))
}

fn number(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

impl Penguins {
    /// The committed data set ([`CSV`]).
    ///
    /// # Panics
    /// Never for the committed file; a test reads it.
    pub fn load() -> Self {
        Penguins::parse(CSV).expect("the committed penguins.csv is well formed")
    }

    /// Read a file in the format of `penguins.csv`: a header row naming the
    /// eight columns, then one row per penguin, `NA` for a missing value.
    pub fn parse(text: &str) -> Result<Self, ReadError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let header = reader
            .headers()
            .map_err(|e| ReadError(format!("cannot read the header: {e}")))?;
        if header.iter().collect::<Vec<_>>() != HEADER {
            return Err(ReadError(format!(
                "the header must be `{}`",
                HEADER.join(",")
            )));
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| ReadError(format!("cannot read a row: {e}")))?;
            let line = record.position().map_or(0, |p| p.line());
            let field = |i: usize| record.get(i).unwrap_or("");
            let species = match field(0) {
                "Adelie" => Species::Adelie,
                "Chinstrap" => Species::Chinstrap,
                "Gentoo" => Species::Gentoo,
                other => return Err(ReadError(format!("line {line}: unknown species `{other}`"))),
            };
            let island = match field(1) {
                "Biscoe" => Island::Biscoe,
                "Dream" => Island::Dream,
                "Torgersen" => Island::Torgersen,
                other => return Err(ReadError(format!("line {line}: unknown island `{other}`"))),
            };
            let sex = missing_or(
                field(6),
                |s| match s {
                    "female" => Some(Sex::Female),
                    "male" => Some(Sex::Male),
                    _ => None,
                },
                "sex",
                line,
            )?;
            let year = field(7)
                .parse::<u32>()
                .map_err(|_| ReadError(format!("line {line}: year `{}` is not valid", field(7))))?;
            rows.push(Penguin {
                species,
                island,
                bill_length_mm: missing_or(field(2), number, "bill length", line)?,
                bill_depth_mm: missing_or(field(3), number, "bill depth", line)?,
                flipper_length_mm: missing_or(field(4), number, "flipper length", line)?,
                body_mass_g: missing_or(field(5), number, "body mass", line)?,
                sex,
                year,
            });
        }
        Ok(Penguins { rows })
    }

    /// How many rows miss at least one value (a measurement or the sex).
    pub fn incomplete(&self) -> usize {
        self.rows.iter().filter(|p| !p.is_complete()).count()
    }

    /// The rows that have every one of `needed`.
    pub fn complete(&self, needed: &[Measurement]) -> Vec<Penguin> {
        self.rows
            .iter()
            .filter(|p| needed.iter().all(|m| m.of(p).is_some()))
            .copied()
            .collect()
    }

    /// A regression data set: the `features` of every penguin that has
    /// them and the `target`, in the file's order; the rows missing any of
    /// them are left out.
    pub fn regression(&self, features: &[Measurement], target: Measurement) -> DataSet<Vec<f64>> {
        let mut needed = features.to_vec();
        needed.push(target);
        let samples = self
            .complete(&needed)
            .iter()
            .map(|p| Sample {
                x: features
                    .iter()
                    .map(|m| m.of(p).unwrap_or(f64::NAN))
                    .collect(),
                y: target.of(p).unwrap_or(f64::NAN),
            })
            .collect();
        DataSet::new(samples)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_file_has_344_penguins_and_11_incomplete_rows() {
        let penguins = Penguins::load();
        assert_eq!(penguins.rows.len(), 344);
        assert_eq!(penguins.incomplete(), 11);
        // Two rows miss every measurement; the other nine miss only the sex.
        let no_measurements = penguins
            .rows
            .iter()
            .filter(|p| Measurement::ALL.iter().all(|m| m.of(p).is_none()))
            .count();
        assert_eq!(no_measurements, 2);
        let first = penguins.rows[0];
        assert_eq!(first.species, Species::Adelie);
        assert_eq!(first.island, Island::Torgersen);
        assert_eq!(first.bill_length_mm, Some(39.1));
        assert_eq!(first.flipper_length_mm, Some(181.0));
        assert_eq!(first.body_mass_g, Some(3750.0));
        assert_eq!(first.sex, Some(Sex::Male));
        assert_eq!(first.year, 2007);
        for species in Species::ALL {
            assert!(penguins.rows.iter().any(|p| p.species == species));
        }
        let counts: Vec<usize> = Species::ALL
            .iter()
            .map(|s| penguins.rows.iter().filter(|p| p.species == *s).count())
            .collect();
        assert_eq!(counts, vec![152, 68, 124]);
    }

    #[test]
    fn a_regression_data_set_keeps_the_complete_rows_in_order() {
        let penguins = Penguins::load();
        let data = penguins.regression(
            &[Measurement::FlipperLength, Measurement::BillDepth],
            Measurement::BodyMass,
        );
        assert_eq!(data.len(), 342);
        assert_eq!(data.samples[0].x, vec![181.0, 18.7]);
        assert_eq!(data.samples[0].y, 3750.0);
        // Row 4 of the file (index 3) has no measurements: sample 3 is row 5.
        assert_eq!(data.samples[3].x, vec![193.0, 19.3]);
        assert!(data.samples.iter().all(|s| s.y.is_finite()));
    }

    #[test]
    fn bad_files_are_refused_with_the_line() {
        let header = HEADER.join(",");
        let bad_number = format!("{header}\nAdelie,Dream,39.1,x,181,3750,male,2007\n");
        let error = Penguins::parse(&bad_number).unwrap_err();
        assert!(
            error.0.contains("line 2") && error.0.contains("bill depth"),
            "{error}"
        );
        let bad_species = format!("{header}\nEmperor,Dream,NA,NA,NA,NA,NA,2007\n");
        assert!(
            Penguins::parse(&bad_species)
                .unwrap_err()
                .0
                .contains("Emperor")
        );
        assert!(
            Penguins::parse("a,b\n1,2\n")
                .unwrap_err()
                .0
                .contains("header")
        );
    }
}
