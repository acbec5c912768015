//! Where output goes, and whether it is coloured.

use std::io::Write;

use intervene::reports::termcolor::{Ansi, NoColor, WriteColor};

use crate::args::ColorWhen;
use crate::escape::Escaping;

/// The process's output streams and what is known about them.
pub struct Console<'a> {
    /// Standard output.
    pub out: &'a mut dyn Write,
    /// Standard error.
    pub err: &'a mut dyn Write,
    /// Standard output is a terminal.
    pub out_is_terminal: bool,
    /// Standard error is a terminal.
    pub err_is_terminal: bool,
    /// `NO_COLOR` is set (and not empty).
    pub no_color: bool,
}

impl Console<'_> {
    fn colour(&self, when: ColorWhen, terminal: bool) -> bool {
        match when {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => terminal && !self.no_color,
        }
    }

    /// Standard output, coloured or not as `when` and the terminal say, with control
    /// characters of the text escaped (colour still set).
    pub(crate) fn out_styled(&mut self, when: ColorWhen) -> Box<dyn WriteColor + '_> {
        if self.colour(when, self.out_is_terminal) {
            Box::new(Escaping::new(Ansi::new(&mut *self.out)))
        } else {
            Box::new(Escaping::new(NoColor::new(&mut *self.out)))
        }
    }

    /// Standard output for text made from files, with its control characters escaped.
    pub(crate) fn out_text(&mut self) -> Escaping<&mut dyn Write> {
        Escaping::new(&mut *self.out)
    }

    /// Standard error, coloured or not as `when` and the terminal say, with control
    /// characters of the text escaped (colour still set).
    pub(crate) fn err_styled(&mut self, when: ColorWhen) -> Box<dyn WriteColor + '_> {
        if self.colour(when, self.err_is_terminal) {
            Box::new(Escaping::new(Ansi::new(&mut *self.err)))
        } else {
            Box::new(Escaping::new(NoColor::new(&mut *self.err)))
        }
    }
}
