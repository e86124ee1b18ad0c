//! Spec text → rustdoc attributes. The spec's text is the vendor's, in its own language; it is
//! kept, but made safe for rustdoc: no accidental intra-doc links (`[T]`), HTML tags
//! (`<公共的头部参数>`), bare URLs, or indented lines that rustdoc would run as doctests.

use proc_macro2::TokenStream;
use quote::quote;

/// Escapes one line of prose for Markdown, leaving `code spans` and URLs intact.
pub(crate) fn escape_line(line: &str) -> String {
    // Tabs render at the reader's width; rustdoc (and clippy) want spaces.
    let line = line.trim_start().replace('\t', "    ");
    let line = line.as_str();
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if !in_code && (word.starts_with("http://") || word.starts_with("https://")) {
            let end = word
                .char_indices()
                .rev()
                .find(|(_, c)| !matches!(c, '.' | ',' | ';' | ')' | '。' | '，' | '、' | '】'))
                .map_or(0, |(i, c)| i + c.len_utf8());
            out.push('<');
            out.push_str(&word[..end]);
            out.push('>');
            out.push_str(&word[end..]);
            continue;
        }
        for c in word.chars() {
            if c == '`' {
                in_code = !in_code;
                out.push(c);
            } else if !in_code && matches!(c, '[' | ']' | '<' | '>' | '\\') {
                out.push('\\');
                out.push(c);
            } else {
                out.push(c);
            }
        }
    }
    if in_code {
        // An unclosed code span would swallow what follows; close it on this line.
        out.push('`');
    }
    out
}

/// Prose → escaped lines.
pub(crate) fn prose(text: &str) -> Vec<String> {
    text.trim_end().lines().map(escape_line).collect()
}

/// `#[doc = "…"]` per line.
pub(crate) fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote!(#(#[doc = #lines])*)
}

/// `#![doc = "…"]` per line, for module docs.
pub(crate) fn inner_doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote!(#(#![doc = #lines])*)
}

/// Builds doc lines paragraph by paragraph.
#[derive(Default)]
pub(crate) struct Doc(Vec<String>);

impl Doc {
    pub(crate) fn new() -> Self {
        Doc(Vec::new())
    }

    fn gap(&mut self) {
        if !self.0.is_empty() && self.0.last().is_some_and(|l| !l.is_empty()) {
            self.0.push(String::new());
        }
    }

    /// A paragraph of spec prose.
    pub(crate) fn text(mut self, text: Option<&str>) -> Self {
        if let Some(t) = text.filter(|t| !t.trim().is_empty()) {
            self.gap();
            self.0.extend(prose(t));
        }
        self
    }

    /// A paragraph the generator writes (already Markdown).
    pub(crate) fn line(mut self, line: impl Into<String>) -> Self {
        self.gap();
        self.0.push(line.into());
        self
    }

    /// A bullet list of spec prose under a heading line.
    pub(crate) fn list(mut self, heading: &str, items: &[String]) -> Self {
        if items.is_empty() {
            return self;
        }
        self.gap();
        self.0.push(heading.to_owned());
        self.0.push(String::new());
        for item in items {
            let mut lines = prose(item).into_iter();
            if let Some(first) = lines.next() {
                self.0.push(format!("- {first}"));
            }
            self.0.extend(lines.map(|l| format!("  {l}")));
        }
        self
    }

    /// Lines taken as they are (a code block), after a gap.
    pub(crate) fn raw(mut self, lines: &[String]) -> Self {
        self.gap();
        self.0.extend(lines.iter().cloned());
        self
    }

    pub(crate) fn outer(&self) -> TokenStream {
        doc_attrs(&self.0)
    }

    pub(crate) fn inner(&self) -> TokenStream {
        inner_doc_attrs(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        assert_eq!(
            escape_line("  see [demo.srt and <公共的头部参数>"),
            r"see \[demo.srt and \<公共的头部参数\>"
        );
        assert_eq!(
            escape_line("keep `a[0] <b>` as code"),
            "keep `a[0] <b>` as code"
        );
        assert_eq!(
            escape_line("page https://x.test/a_b."),
            "page <https://x.test/a_b>."
        );
        assert_eq!(escape_line("open `span"), "open `span`");
        assert_eq!(escape_line("snake_case a\\b"), r"snake_case a\\b");
    }
}
