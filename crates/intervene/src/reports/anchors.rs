//! Heading anchors as GitHub makes them, so the Markdown report's links land on a forge.
//!
//! GitHub (and GitLab, Gitea, docs.rs through comrak) give every heading an id of its own
//! text: lower-cased, every character that is not a letter, digit, `_`, `-` or space
//! dropped, spaces turned to `-`, and `-1`, `-2`… added to a repeat. Pandoc's `{#id}`
//! is not read there, and raw HTML anchors depend on each forge's sanitiser, so the report
//! links to the ids the forge makes itself.

use std::collections::HashMap;

/// The anchors of a document's headings, given in document order.
#[derive(Debug, Default)]
pub(crate) struct HeadingAnchors {
    /// How many times each anchor has been handed out, as github-slugger counts them.
    seen: HashMap<String, usize>,
}

impl HeadingAnchors {
    /// The anchor of the next heading, whose text is `heading` (as written in Markdown).
    pub(crate) fn next(&mut self, heading: &str) -> String {
        let base = slug(heading);
        let mut anchor = base.clone();
        while self.seen.contains_key(&anchor) {
            let count = self.seen.entry(base.clone()).or_insert(0);
            *count += 1;
            anchor = format!("{base}-{count}");
        }
        self.seen.insert(anchor.clone(), 0);
        anchor
    }

    /// Counts the headings of a Markdown text (outside code fences), in order, and
    /// returns the anchor of each, with its level.
    pub(crate) fn scan(&mut self, markdown: &str) -> Vec<(usize, String)> {
        let mut fenced = false;
        let mut found = Vec::new();
        for line in markdown.lines() {
            if line.starts_with("```") || line.starts_with("~~~") {
                fenced = !fenced;
                continue;
            }
            if fenced {
                continue;
            }
            let level = line.bytes().take_while(|&b| b == b'#').count();
            if (1..=6).contains(&level)
                && let Some(text) = line[level..].strip_prefix(' ')
            {
                found.push((level, self.next(text.trim())));
            }
        }
        found
    }
}

/// GitHub's anchor of one heading's text, before repeats are counted.
fn slug(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_as_github_makes_them() {
        let mut anchors = HeadingAnchors::default();
        assert_eq!(anchors.next("Bradford"), "bradford");
        assert_eq!(
            anchors.next("Bournemouth, Christchurch and Poole"),
            "bournemouth-christchurch-and-poole"
        );
        assert_eq!(
            anchors.next("Next steps (as of 2023-04-30)"),
            "next-steps-as-of-2023-04-30"
        );
        assert_eq!(
            anchors.next("Children's services intervention"),
            "childrens-services-intervention"
        );
        assert_eq!(anchors.next("St. Helens"), "st-helens");
        assert_eq!(anchors.next("Bradford"), "bradford-1");
        assert_eq!(anchors.next("Bradford"), "bradford-2");
        // A heading whose own text is a counted repeat does not take that name twice.
        assert_eq!(anchors.next("Bradford 1"), "bradford-1-1");
    }

    #[test]
    fn headings_in_code_fences_are_not_headings() {
        let mut anchors = HeadingAnchors::default();
        let found = anchors.scan("# Title\n\n```sh\n# a comment\n```\n## Timeline\n#notaheading\n");
        assert_eq!(
            found,
            vec![(1, "title".to_owned()), (2, "timeline".to_owned())]
        );
    }
}
