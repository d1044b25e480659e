//! Printable documents: the report of one agency (a few A4 pages) and the
//! book of a period or a group (cover, contents, ranking, every report), and
//! the paged-media rules (running header, page numbers) of every page.
//! The contexts embed the report's part of the agency page's context
//! (`ReportAgency`, same keys), built for the document's path, so figures and
//! panels are those of the web pages.
//! Printing to PDF is not done here (see `crate::pdf`).

use super::agency::{evidence_by_section, report_agency, Radar, ReportAgency};
use super::rows::group_name;
use super::{paths, Frame, PeriodFacts, Scope, SiteData};
use crate::render::locale;
use serde::Serialize;

/// A CSS string literal: quotes, backslashes, markup characters and controls
/// become hex escapes, so content can neither end the string nor the `<style>`.
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c.is_control() || matches!(c, '"' | '\\' | '<' | '>' | '&') {
            out.push_str(&format!("\\{:x} ", c as u32));
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// The `@page` rules of a page: `left` and `right` in the top margin and
/// `footer` at the bottom left of every page, the page number ("Halaman 2 / 5")
/// at the bottom right.
pub fn page_css(data: &SiteData, left: &str, right: &str, footer: &str) -> String {
    format!(
        "@page{{@top-left{{content:{}}}@top-right{{content:{}}}@bottom-left{{content:{}}}@bottom-right{{content:{} \" \" counter(page) \" / \" counter(pages)}}}}",
        css_string(left),
        css_string(right),
        css_string(footer),
        css_string(&data.t("print_page"))
    )
}

/// A named page for one report inside a book, so its footer names its agency.
fn named_page_css(name: &str, footer: &str) -> String {
    format!(
        ".{name}{{page:{name}}}@page {name}{{@bottom-left{{content:{}}}}}",
        css_string(footer)
    )
}

/// An id safe for HTML, CSS and PDF names: ASCII letters, digits and `-`;
/// any other byte becomes `_` and its hex value.
fn anchor_id(prefix: &str, id: &str) -> String {
    let mut out = String::from(prefix);
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' {
            out.push(b as char);
        } else {
            out.push_str(&format!("_{b:02X}"));
        }
    }
    out
}

#[derive(Debug, Serialize)]
pub struct EvidenceItem {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub date: String,
}

/// The evidence of one area, condensed to titles.
#[derive(Debug, Serialize)]
pub struct EvidenceArea {
    pub name: String,
    pub items: Vec<EvidenceItem>,
}

/// One agency's report: its page's context plus what the paper needs.
#[derive(Debug, Serialize)]
pub struct AgencyReport {
    /// The id of the report's first heading (a book's contents link to it).
    pub anchor: String,
    /// The CSS class and named page of the report inside a book.
    pub page_name: String,
    /// The report's part of the agency page's context, its links relative to the document.
    pub agency: ReportAgency,
    pub date: String,
    /// The agency's web page, for "the full page".
    pub web_url: String,
    pub evidence: Vec<EvidenceArea>,
    pub evidence_count: usize,
}

/// The id of an agency's report heading.
fn report_anchor(id: &str) -> String {
    anchor_id("laporan-", id)
}

/// The named page (and CSS class) of the report of the agency at `i`.
fn report_page_name(i: usize) -> String {
    format!("report-{i}")
}

fn agency_report(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    i: usize,
    from: &str,
    radar: Radar,
) -> AgencyReport {
    let period = facts.period;
    let agency = &period.agencies[i];
    let evidence = evidence_by_section(data, facts, i, from);
    AgencyReport {
        anchor: report_anchor(&agency.id),
        page_name: report_page_name(i),
        date: period
            .date
            .map(|d| locale::date(d, data.lang()))
            .unwrap_or_default(),
        web_url: paths::link(from, &paths::agency(&period.id, &agency.id)),
        evidence_count: evidence.iter().map(|a| a.items.len()).sum(),
        evidence,
        agency: report_agency(data, all, facts, i, from, radar),
    }
}

/// `PERIOD/AGENCY/report.html`.
#[derive(Debug, Serialize)]
pub struct ReportPage {
    pub frame: Frame,
    pub report: AgencyReport,
}

/// "Pemerintah Provinsi Maluku Utara · Dinas Tenaga Kerja dan Transmigrasi": the footer of a report.
fn agency_footer(facts: &PeriodFacts, i: usize) -> String {
    let period = facts.period;
    let agency = &period.agencies[i];
    match &agency.group {
        Some(g) => format!("{} · {}", group_name(period, g), agency.name),
        None => agency.name.clone(),
    }
}

/// `_all` (every period's facts) is taken as by the other page builders; a
/// report shows no trend, so it does not read it.
pub fn report_page(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    i: usize,
) -> ReportPage {
    let period = facts.period;
    let agency = &period.agencies[i];
    let path = paths::report(&period.id, &agency.id);
    let mut crumbs = super::rows::period_crumbs(data, period);
    if let Some(g) = &agency.group {
        crumbs.push((group_name(period, g), paths::group(&period.id, g)));
    }
    crumbs.push((
        super::rows::tag(period, agency),
        paths::agency(&period.id, &agency.id),
    ));
    let mut frame = Frame::new(
        data,
        &path,
        format!(
            "{} – {}",
            data.t("report"),
            super::rows::tag(period, agency)
        ),
        crumbs,
    );
    frame.print_context = period.name.clone();
    frame.print_css = page_css(
        data,
        &data.model.site.title,
        &period.name,
        &agency_footer(facts, i),
    );
    ReportPage {
        // The agency page, written next, shows the same radar.
        report: agency_report(data, all, facts, i, &path, Radar::Leave),
        frame,
    }
}

/// A line of a book's contents.
#[derive(Debug, Serialize)]
pub struct TocEntry {
    pub label: String,
    pub anchor: String,
    /// Index and band, for agencies.
    pub index: String,
    pub band: Option<super::BandView>,
}

/// `PERIOD/book.html` and `PERIOD/GROUP/book.html`.
#[derive(Debug, Serialize)]
pub struct BookPage {
    pub frame: Frame,
    /// The period's name, or the group's.
    pub title: String,
    /// The period's name under a group's title; empty for a period's book.
    pub subtitle: String,
    pub date: String,
    pub framework: String,
    /// The one page the book opens with.
    pub overview: super::book_summary::BookSummary,
    /// The ranking, one table per group, each agency linked to its report in the book.
    pub tables: Vec<super::rankings::RankingTable>,
    pub ranking_anchor: String,
    pub toc: Vec<TocEntry>,
    pub reports: Vec<BookReport>,
    /// Named pages: each report's running header names its agency.
    pub book_css: String,
    /// The web page of the period or group.
    pub web_url: String,
}

/// One agency's report in a book: to render, or as the previous build
/// wrote it. The book template marks each report with its anchor
/// (`<!--tolok:report ANCHOR-->` ... `<!--/tolok:report-->`), so that the
/// next build can take it from the book it replaces.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum BookReport {
    Render(Box<AgencyReport>),
    Written { anchor: String, html: String },
}

/// The reports marked in a book as written, by anchor.
pub fn written_reports(book: &str) -> std::collections::HashMap<&str, &str> {
    const START: &str = "<!--tolok:report ";
    const END: &str = "<!--/tolok:report-->";
    let mut found = std::collections::HashMap::new();
    let mut rest = book;
    while let Some(at) = rest.find(START) {
        let after = &rest[at + START.len()..];
        let Some((anchor, body)) = after.split_once("-->") else {
            break;
        };
        let Some(end) = body.find(END) else {
            break;
        };
        found.insert(anchor, &body[..end]);
        rest = &body[end + END.len()..];
    }
    found
}

/// The book of a period (`group` None) or of one of its groups.
/// A period book holds every agency's report; above this many agencies it
/// would run to thousands of pages and hundreds of megabytes, so only the
/// group books are written (a national tree has groups of about 40).
pub const MAX_BOOK_AGENCIES: usize = 400;

/// Whether the period gets a book of its own.
pub fn has_period_book(period: &crate::model::Period) -> bool {
    period.agencies.len() <= MAX_BOOK_AGENCIES
}

pub fn book_page(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    group: Option<&str>,
    written: &dyn Fn(usize, &str) -> Option<String>,
) -> BookPage {
    let period = facts.period;
    let fw = &period.framework;
    let (path, scope, title, web) = match group {
        None => (
            paths::book(&period.id),
            Scope::Period,
            period.name.clone(),
            paths::period(&period.id),
        ),
        Some(g) => (
            paths::group_book(&period.id, g),
            Scope::Group(g),
            group_name(period, g),
            paths::group(&period.id, g),
        ),
    };
    let members = facts.scope(scope);
    let mut crumbs = super::rows::period_crumbs(data, period);
    if let Some(g) = group {
        crumbs.push((title.clone(), paths::group(&period.id, g)));
    }
    let mut frame = Frame::new(
        data,
        &path,
        format!("{} – {}", data.t("book"), title),
        crumbs,
    );
    frame.print_context = match group {
        None => period.name.clone(),
        Some(_) => format!("{} · {title}", period.name),
    };
    frame.print_css = page_css(data, &data.model.site.title, &frame.print_context, "");

    // Each report as `written` last time when it has it, else to render.
    let anchors: Vec<String> = members
        .iter()
        .map(|&i| report_anchor(&period.agencies[i].id))
        .collect();
    let reports: Vec<BookReport> = members
        .iter()
        .zip(&anchors)
        .map(|(&i, anchor)| match written(i, anchor) {
            Some(html) => BookReport::Written {
                anchor: anchor.clone(),
                html,
            },
            None => BookReport::Render(Box::new(agency_report(
                data,
                all,
                facts,
                i,
                &path,
                Radar::Draw,
            ))),
        })
        .collect();
    let mut tables = super::rankings::ranking_tables(data, all, facts, &path, scope);
    let anchor_of: std::collections::HashMap<String, &String> = members
        .iter()
        .zip(&anchors)
        .map(|(&i, anchor)| {
            (
                paths::link(&path, &paths::agency(&period.id, &period.agencies[i].id)),
                anchor,
            )
        })
        .collect();
    for row in tables.iter_mut().flat_map(|t| t.rows.iter_mut()) {
        if let Some(anchor) = anchor_of.get(&row.url) {
            row.url = format!("#{anchor}");
        }
    }
    // Names repeat across groups (each province has its Dinas Kesehatan):
    // with more than one group, each line carries its group.
    let several = tables.len() > 1;
    let ranking_anchor = "peringkat".to_string();
    let mut toc = vec![TocEntry {
        label: data.t("ranking"),
        anchor: ranking_anchor.clone(),
        index: String::new(),
        band: None,
    }];
    toc.extend(members.iter().zip(&anchors).map(|(&i, anchor)| {
        let result = &facts.scores[i].result;
        TocEntry {
            label: if several {
                super::rows::labelled(period, &period.agencies[i])
            } else {
                period.agencies[i].name.clone()
            },
            anchor: anchor.clone(),
            index: data.opt_num(result.index, 2),
            band: super::band_view(fw, result.band),
        }
    }));
    let mut book_css = String::from(
        "@page:first{@top-left{content:none}@top-right{content:none}@bottom-left{content:none}@bottom-right{content:none}}",
    );
    for &i in members.iter() {
        book_css.push_str(&named_page_css(
            &report_page_name(i),
            &agency_footer(facts, i),
        ));
    }
    BookPage {
        overview: super::book_summary::book_summary(data, all, facts, &members, group, &path),
        subtitle: if group.is_some() {
            period.name.clone()
        } else {
            String::new()
        },
        date: period
            .date
            .map(|d| locale::date(d, data.lang()))
            .unwrap_or_default(),
        framework: fw.name.clone(),
        tables,
        ranking_anchor,
        toc,
        reports,
        book_css,
        web_url: paths::link(&path, &web),
        title,
        frame,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_escape() {
        assert_eq!(css_string("Dinas A"), "\"Dinas A\"");
        assert_eq!(
            css_string("a\"b\\c</style>"),
            "\"a\\22 b\\5c c\\3c /style\\3e \""
        );
        assert_eq!(css_string("x\ny"), "\"x\\a y\"");
    }

    #[test]
    fn written_reports_are_found_between_their_markers() {
        let book = "<h1>Buku</h1>\n<!--tolok:report laporan-a--><article>A</article><!--/tolok:report-->\n\
                    <!--tolok:report laporan-b-->\n<p>B</p>\n<!--/tolok:report-->\n<!--tolok:report laporan-c-->cut";
        let found = written_reports(book);
        assert_eq!(found.len(), 2, "an unterminated report is not taken");
        assert_eq!(found["laporan-a"], "<article>A</article>");
        assert_eq!(found["laporan-b"], "\n<p>B</p>\n");
        assert!(written_reports("no markers").is_empty());
    }

    #[test]
    fn anchors_are_plain() {
        assert_eq!(
            anchor_id("laporan-", "maluku-utara/dinkes"),
            "laporan-maluku-utara_2Fdinkes"
        );
        assert_eq!(anchor_id("", "a b"), "a_20b");
    }
}
