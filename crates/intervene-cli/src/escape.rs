//! Text from a file, made safe to show: control characters written as escapes (so a
//! hostile file cannot move the cursor, retitle or clear a terminal, or hide text in a
//! report) and echoed values cut to a readable length.

use std::borrow::Cow;
use std::io::{self, Write};

use intervene::reports::termcolor::{ColorSpec, WriteColor};

/// The longest value a message echoes whole, in characters.
const ECHO_CHARS: usize = 80;

/// How much of a longer value a message keeps, in characters.
const ECHO_KEPT: usize = 60;

/// The longest message written, in characters.
const MESSAGE_CHARS: usize = 2_000;

/// The longest source line a diagnostic shows, in bytes.
const SOURCE_LINE_BYTES: usize = 300;

/// The escape for a byte that must not reach a terminal raw, if it is one: C0 controls
/// but tab and newline, and DEL.
fn c0_escape(byte: u8) -> Option<[u8; 4]> {
    let hex = b"0123456789abcdef";
    (byte < 0x20 && byte != b'\n' && byte != b'\t' || byte == 0x7f).then(|| {
        [
            b'\\',
            b'x',
            hex[usize::from(byte >> 4)],
            hex[usize::from(byte & 0xf)],
        ]
    })
}

/// `text` with its control characters escaped: C0 (but tab and newline) and DEL as
/// `\x1b`, C1 (U+0080 to U+009F, which some terminals obey too) as `\u{9b}`.
pub(crate) fn controls(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            c if !unsafe_char(c) => out.push(c),
            c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// A message as it is shown: each value it echoes between backticks or double quotes
/// cut to [`ECHO_KEPT`] characters when longer than [`ECHO_CHARS`], and the whole cut to
/// [`MESSAGE_CHARS`].
pub(crate) fn readable(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(MESSAGE_CHARS + 64));
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        let quote = &from[..1];
        let inner = &from[1..];
        let Some(close) = inner.find(quote) else {
            rest = from;
            break;
        };
        let value = &inner[..close];
        out.push_str(quote);
        let chars = value.chars().count();
        if chars > ECHO_CHARS {
            out.extend(value.chars().take(ECHO_KEPT));
            out.push_str(&format!("… ({chars} characters in all)"));
        } else {
            out.push_str(value);
        }
        out.push_str(quote);
        rest = &inner[close + 1..];
    }
    out.push_str(rest);
    if out.chars().count() > MESSAGE_CHARS {
        let cut: String = out.chars().take(MESSAGE_CHARS).collect();
        return cut + "…";
    }
    out
}

/// A file's text as a diagnostic shows it: each line longer than [`SOURCE_LINE_BYTES`]
/// cut there (at a character boundary) with `…`, so a one-line megabyte is not echoed.
pub(crate) fn source_lines(text: String) -> String {
    if text.split('\n').all(|line| line.len() <= SOURCE_LINE_BYTES) {
        return text;
    }
    let mut out = String::with_capacity(text.len().min(1 << 16));
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.len() <= SOURCE_LINE_BYTES {
            out.push_str(line);
        } else {
            let mut end = SOURCE_LINE_BYTES;
            while !line.is_char_boundary(end) {
                end -= 1;
            }
            out.push_str(&line[..end]);
            out.push('…');
        }
    }
    out
}

/// A writer that escapes control characters on their way to `inner`; colour set through
/// [`WriteColor`] still reaches it raw.
pub(crate) struct Escaping<W> {
    inner: W,
    /// A UTF-8 lead byte 0xC2 at the end of the last write: a C1 control if the next byte
    /// is 0x80 to 0x9F.
    pending: bool,
}

impl<W: Write> Escaping<W> {
    /// Escapes what is written on its way to `inner`.
    pub(crate) fn new(inner: W) -> Self {
        Self {
            inner,
            pending: false,
        }
    }

    fn write_escaped(&mut self, buf: &[u8]) -> io::Result<()> {
        let mut start = 0;
        let mut at = 0;
        if self.pending {
            self.pending = false;
            match buf.first() {
                Some(&b) if (0x80..=0x9f).contains(&b) => {
                    write!(self.inner, "\\u{{{b:x}}}")?;
                    start = 1;
                    at = 1;
                }
                _ => self.inner.write_all(&[0xc2])?,
            }
        }
        while at < buf.len() {
            let byte = buf[at];
            if let Some(escape) = c0_escape(byte) {
                self.inner.write_all(&buf[start..at])?;
                self.inner.write_all(&escape)?;
                at += 1;
                start = at;
            } else if byte == 0xc2 {
                match buf.get(at + 1) {
                    Some(&next) if (0x80..=0x9f).contains(&next) => {
                        self.inner.write_all(&buf[start..at])?;
                        write!(self.inner, "\\u{{{next:x}}}")?;
                        at += 2;
                        start = at;
                    }
                    Some(_) => at += 1,
                    None => {
                        self.inner.write_all(&buf[start..at])?;
                        self.pending = true;
                        at += 1;
                        start = at;
                    }
                }
            } else {
                at += 1;
            }
        }
        self.inner.write_all(&buf[start..])
    }
}

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_escaped(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.pending) {
            self.inner.write_all(&[0xc2])?;
        }
        self.inner.flush()
    }
}

impl<W: WriteColor> WriteColor for Escaping<W> {
    fn supports_color(&self) -> bool {
        self.inner.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> io::Result<()> {
        self.inner.set_color(spec)
    }

    fn reset(&mut self) -> io::Result<()> {
        self.inner.reset()
    }

    fn is_synchronous(&self) -> bool {
        self.inner.is_synchronous()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(pieces: &[&[u8]]) -> String {
        let mut out = Vec::new();
        {
            let mut w = Escaping::new(&mut out);
            for piece in pieces {
                let _ = w.write_all(piece);
            }
            let _ = w.flush();
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn controls_are_escaped_and_text_kept() {
        assert_eq!(
            controls("a\x1b]0;owned\x07b\tc\n"),
            "a\\x1b]0;owned\\x07b\tc\n"
        );
        assert_eq!(controls("caf\u{e9} \u{9b}2J"), "caf\u{e9} \\u{9b}2J");
        assert!(matches!(controls("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_writer_escapes_as_the_function_does_however_split() {
        let text = "x\x1b[2J\u{9b}1m\u{e9}\r\n".as_bytes();
        let whole = through(&[text]);
        assert_eq!(whole, controls(std::str::from_utf8(text).unwrap_or("")));
        for cut in 0..text.len() {
            assert_eq!(
                through(&[&text[..cut], &text[cut..]]),
                whole,
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn long_values_are_cut() {
        let long = "9".repeat(500);
        let message = readable(&format!("`{long}` is not a date; \"{long}\" neither"));
        assert!(message.len() < 300, "{message}");
        assert!(message.contains("(500 characters in all)"), "{message}");
        assert_eq!(readable("`short` is kept"), "`short` is kept");
        let lines = source_lines(format!("a\n{long}\nb"));
        assert!(
            lines.starts_with("a\n") && lines.ends_with("…\nb"),
            "{lines}"
        );
    }
}
