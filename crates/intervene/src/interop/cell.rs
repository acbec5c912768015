//! A log row's cells as serde sees them, so the model reads a row as it reads an event
//! entry of a file, straight from the text, without building a map of values first.

use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{Deserializer, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

use super::{BOOL_FIELDS, LIST_FIELDS};

/// One cell: its text, typed by its column (`true`/`false` for booleans, `;`-joined
/// lists, text otherwise).
#[derive(Debug, Clone, Copy)]
pub(super) struct Cell<'a> {
    pub column: &'a str,
    pub text: &'a str,
}

/// A row's cells as a map for serde, column name to cell.
pub(super) fn fields<'a, I>(cells: I) -> MapDeserializer<'a, I, Error>
where
    I: Iterator<Item = (&'a str, Cell<'a>)>,
{
    MapDeserializer::new(cells)
}

impl<'de> IntoDeserializer<'de, Error> for Cell<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for Cell<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if BOOL_FIELDS.contains(&self.column) {
            match self.text {
                "true" => return visitor.visit_bool(true),
                "false" => return visitor.visit_bool(false),
                // Anything else is left as text, for the model to say it is not a boolean.
                _ => {}
            }
        }
        if LIST_FIELDS.contains(&self.column) {
            let items = self
                .text
                .split(';')
                .map(str::trim)
                .filter(|p| !p.is_empty());
            return visitor.visit_seq(SeqDeserializer::new(items));
        }
        visitor.visit_borrowed_str(self.text)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // Empty cells are left out of the row, so a cell present is a value present.
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}
