//! A doc page's HTML reduced to its own content as stable text: the content root (a vendor's
//! selector, else `main`, `article` or the body), without scripts, styles, navigation, headers,
//! footers and banners; a heading or paragraph per line; a table row per line, its cells in
//! order (`| a | b |`), header rows marked `|=`.

use scraper::{ElementRef, Html, Node, Selector};

/// Elements that are never the page's own content.
const CHROME: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "svg", "iframe", "select",
];

/// Elements that end a line before and after them.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "pre",
    "blockquote",
    "figure",
    "figcaption",
    "caption",
    "br",
    "hr",
    "body",
    "html",
];

/// Roles and classes that mark chrome inside the content (a cookie banner, a breadcrumb).
fn is_chrome(e: &ElementRef<'_>) -> bool {
    let v = e.value();
    if CHROME.contains(&v.name()) {
        return true;
    }
    if matches!(
        v.attr("role"),
        Some("navigation" | "banner" | "contentinfo" | "dialog" | "complementary")
    ) || v.attr("aria-hidden") == Some("true")
        || v.attr("hidden").is_some()
    {
        return true;
    }
    let marked = |s: &str| {
        let s = s.to_ascii_lowercase();
        [
            "cookie",
            "breadcrumb",
            "sidebar",
            "toc",
            "feedback",
            "banner",
        ]
        .iter()
        .any(|m| s.split([' ', '-', '_']).any(|w| w == *m))
    };
    v.attr("class").is_some_and(marked) || v.attr("id").is_some_and(marked)
}

/// The page's content root: the first match of `selector`, else `main`, `article`,
/// `[role=main]`, else the body.
fn root<'a>(doc: &'a Html, selector: Option<&str>) -> Result<ElementRef<'a>, String> {
    let parse = |s: &str| Selector::parse(s).map_err(|e| format!("selector `{s}`: {e}"));
    if let Some(s) = selector {
        return doc
            .select(&parse(s)?)
            .next()
            .ok_or_else(|| format!("the page has nothing that matches the selector `{s}`"));
    }
    for s in ["main", "article", "[role=main]", "body"] {
        if let Some(e) = doc.select(&parse(s)?).next() {
            return Ok(e);
        }
    }
    Ok(doc.root_element())
}

/// The page's content as lines (see the module's doc).
pub fn page_text(html: &str, selector: Option<&str>) -> Result<Vec<String>, String> {
    let doc = Html::parse_document(html);
    let root = root(&doc, selector)?;
    let mut out = Lines::default();
    walk(root, &mut out);
    out.flush();
    Ok(out.lines)
}

#[derive(Default)]
struct Lines {
    lines: Vec<String>,
    current: String,
}

impl Lines {
    fn push_text(&mut self, t: &str) {
        self.current.push_str(t);
    }

    /// Ends the line being written, if it holds anything but spaces.
    fn flush(&mut self) {
        let line = collapse(&self.current);
        if !line.is_empty() {
            self.lines.push(line);
        }
        self.current.clear();
    }
}

/// Runs of whitespace (non-breaking spaces too) as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn walk(e: ElementRef<'_>, out: &mut Lines) {
    for child in e.children() {
        match child.value() {
            Node::Text(t) => out.push_text(t),
            Node::Element(_) => {
                let Some(el) = ElementRef::wrap(child) else {
                    continue;
                };
                if is_chrome(&el) {
                    continue;
                }
                let name = el.value().name();
                if name == "li" {
                    // A list item keeps its bullet, in a table cell too, so the values a cell
                    // lists stay apart (`• WAITING: pending • PROCESSING: running`).
                    out.flush();
                    out.push_text("• ");
                    walk(el, out);
                    out.flush();
                } else if name == "table" {
                    out.flush();
                    table(el, out);
                } else if BLOCKS.contains(&name) {
                    out.flush();
                    walk(el, out);
                    out.flush();
                } else {
                    walk(el, out);
                }
            }
            _ => {}
        }
    }
}

/// A table's rows, each `| cell | cell |`; a row of header cells only is `|= … |`. A nested
/// table's text stays in its cell.
fn table(t: ElementRef<'_>, out: &mut Lines) {
    for row in t.descendants().filter_map(ElementRef::wrap) {
        let own = row
            .ancestors()
            .find(|a| a.value().as_element().is_some_and(|e| e.name() == "table"))
            .map(|a| a.id());
        if row.value().name() != "tr" || own != Some(t.id()) {
            continue;
        }
        let cells: Vec<ElementRef<'_>> = row
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .collect();
        if cells.is_empty() {
            continue;
        }
        let header = cells.iter().all(|c| c.value().name() == "th");
        let texts: Vec<String> = cells
            .iter()
            .map(|c| {
                let mut inner = Lines::default();
                walk(*c, &mut inner);
                inner.flush();
                inner.lines.join(" ").replace('|', "\\|")
            })
            .collect();
        let mark = if header { "|=" } else { "|" };
        out.lines.push(format!("{mark} {} |", texts.join(" | ")));
    }
}
