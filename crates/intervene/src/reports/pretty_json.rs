//! serde_json's pretty printing, with each line's start written at once.
//!
//! `serde_json::ser::PrettyFormatter` writes an indent one level at a time, a call per
//! level; a check of 100,000 councils starts some 15 million lines, most of them four to
//! six levels in. This formatter writes the same bytes (two-space indents, `": "`, a line
//! per value), each line's comma, newline and indent in one slice.

use std::io;

use serde_json::ser::Formatter;

/// A comma, a newline and the spaces of 32 levels: a line's start is a slice of it.
const LINE_STARTS: &[u8] = b",\n                                                                ";

/// The indent of one level.
const INDENT: &[u8] = b"  ";

/// Pretty JSON as `serde_json::to_writer_pretty` writes it, faster.
#[derive(Debug, Clone, Default)]
pub struct PrettyJson {
    depth: usize,
    has_value: bool,
}

impl PrettyJson {
    /// A printer `depth` levels in, as inside that many arrays or objects: what it prints
    /// comes out indented as it would be at that depth of a larger document.
    pub fn at_depth(depth: usize) -> Self {
        Self {
            depth,
            has_value: false,
        }
    }

    /// Starts a line at the current depth, after a comma unless it is the first.
    fn line_start<W: ?Sized + io::Write>(&self, writer: &mut W, first: bool) -> io::Result<()> {
        let from = usize::from(first);
        match LINE_STARTS.get(from..2 + self.depth * INDENT.len()) {
            Some(start) => writer.write_all(start),
            None => {
                writer.write_all(LINE_STARTS.get(from..2).unwrap_or(b"\n"))?;
                (0..self.depth).try_for_each(|_| writer.write_all(INDENT))
            }
        }
    }

    fn open<W: ?Sized + io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            self.line_start(writer, true)?;
        }
        writer.write_all(bracket)
    }
}

impl Formatter for PrettyJson {
    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line_start(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line_start(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde::Serialize;
    use serde_json::Value;

    use super::*;

    fn printed(value: &Value, depth: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut serializer =
            serde_json::Serializer::with_formatter(&mut out, PrettyJson::at_depth(depth));
        value
            .serialize(&mut serializer)
            .unwrap_or_else(|e| panic!("{e}"));
        out
    }

    /// JSON values nested up to 40 levels: past the 32 levels a line start is cut from.
    fn values() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            "[a-z\"\\\\\n é]{0,6}".prop_map(Value::String),
        ];
        leaf.prop_recursive(40, 200, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-z]{1,3}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn prints_what_serde_json_prints(value in values()) {
            let stock = serde_json::to_vec_pretty(&value).unwrap_or_default();
            let ours = printed(&value, 0);
            prop_assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&stock));
        }
    }

    #[test]
    fn deep_documents_are_indented_past_the_prepared_levels() {
        let mut value = Value::from(1);
        for _ in 0..40 {
            value = Value::Array(vec![value]);
        }
        let stock = serde_json::to_vec_pretty(&value).unwrap_or_default();
        assert_eq!(printed(&value, 0), stock);
        // Two levels in, as an entry of `{"councils": [` is printed.
        let text =
            String::from_utf8_lossy(&printed(&serde_json::json!({"a": [1]}), 2)).into_owned();
        assert_eq!(text, "{\n      \"a\": [\n        1\n      ]\n    }");
    }
}
