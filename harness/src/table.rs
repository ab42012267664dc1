//! Tables as CSV files: a run's data set (`--data`) and its every step
//! (`--trace`), for a reader to load into Python, R or a spreadsheet and check
//! the book's numbers with their own tools.
//!
//! A table is a header row and rows of numbers. Every number is written with
//! all the digits it needs to be read back exactly (`0.1`, `1e-300`), so a
//! reader's tools see the very values the run used.

use descent::Trajectory;
use descent::data::{DataSet, Features};

/// A header row and rows of cells, ready to be written as CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The column names.
    pub header: Vec<String>,
    /// The rows, each with one cell per column.
    pub rows: Vec<Vec<String>>,
}

/// A real number as a CSV cell: the shortest text that reads back as exactly
/// the same `f64`.
pub fn cell(v: f64) -> String {
    format!("{v:?}")
}

impl Table {
    /// An empty table with these column names.
    pub fn new(header: &[&str]) -> Self {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Append a row.
    ///
    /// # Panics
    /// If it does not have one cell per column.
    pub fn push(&mut self, row: Vec<String>) {
        assert_eq!(row.len(), self.header.len(), "one cell per column");
        self.rows.push(row);
    }

    /// A data set: one column per feature, then the target.
    pub fn data<X: Features>(data: &DataSet<X>, features: &[&str], target: &str) -> Self {
        let mut header = features.to_vec();
        header.push(target);
        let mut table = Table::new(&header);
        for sample in &data.samples {
            let mut row: Vec<String> = sample.x.as_slice().iter().map(|&v| cell(v)).collect();
            row.push(cell(sample.y));
            table.push(row);
        }
        table
    }

    /// Every step of a run: the step `t`, the parameters (named by
    /// `parameters`), the loss, the gradient norm, and the per-sample
    /// gradients the method has evaluated so far.
    pub fn trace(trajectory: &Trajectory, parameters: &[&str]) -> Self {
        let mut header = vec!["step"];
        header.extend_from_slice(parameters);
        header.extend(["loss", "gradient_norm", "gradient_evaluations"]);
        let mut table = Table::new(&header);
        for t in 0..trajectory.points.len() {
            let mut row = vec![t.to_string()];
            row.extend(trajectory.points[t].iter().map(|&v| cell(v)));
            row.push(cell(trajectory.losses[t]));
            row.push(cell(trajectory.gradient_norms[t]));
            row.push(trajectory.evaluations[t].to_string());
            table.push(row);
        }
        table
    }

    /// The table as CSV: the header, then one line per row, fields separated
    /// by commas (no field ever needs quoting: names are plain words and
    /// cells are numbers).
    pub fn to_csv(&self) -> String {
        let mut out = self.header.join(",");
        out.push('\n');
        for row in &self.rows {
            out.push_str(&row.join(","));
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use descent::data::Sample;
    use descent::{GradientDescent, Parabola, StoppingRules, descend};

    #[test]
    fn cells_read_back_exactly() {
        for v in [0.1, 1e-300, 1e300, -2.5, 1.0 / 3.0, 2.0] {
            assert_eq!(cell(v).parse::<f64>().unwrap(), v);
        }
        assert_eq!(cell(1e300), "1e300");
    }

    #[test]
    fn a_data_set_and_a_trace_become_csv() {
        let data = DataSet::new(vec![
            Sample {
                x: [1.0, 2.0],
                y: 0.5,
            },
            Sample {
                x: [3.0, -4.0],
                y: 1.0,
            },
        ]);
        assert_eq!(
            Table::data(&data, &["a", "b"], "y").to_csv(),
            "a,b,y\n1.0,2.0,0.5\n3.0,-4.0,1.0\n"
        );
        let run = descend(
            &Parabola::new(1.0),
            &mut GradientDescent { eta: 0.5 },
            &[2.0],
            &StoppingRules::budget(2),
        );
        assert_eq!(
            Table::trace(&run, &["x"]).to_csv(),
            "step,x,loss,gradient_norm,gradient_evaluations\n\
             0,2.0,2.0,2.0,0\n1,1.0,0.5,1.0,1\n2,0.5,0.125,0.5,2\n"
        );
    }
}
