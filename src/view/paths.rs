//! Where each page and file of the site lives, as paths relative to the site
//! root, and how a page links to another: always relative, always to a file,
//! so the site works from a folder (file://) and under any base_url.

/// Percent-encodes one path segment for an href (keeps unreserved characters).
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_encoded(&mut out, s);
    out
}

/// Writes `encode_segment(s)` onto `out`.
fn push_encoded(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        }
    }
}

/// A criterion id as a file-name-safe slug (ids are free text in frameworks).
fn slug(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

pub fn home() -> String {
    "index.html".into()
}
/// The "changes since" page of `build --since`.
pub fn changes() -> String {
    "changes.html".into()
}
/// The offline search page.
pub fn search() -> String {
    "search.html".into()
}
pub fn stylesheet() -> String {
    "_assets/style.css".into()
}
pub fn period(p: &str) -> String {
    format!("{p}/index.html")
}
pub fn methodology(p: &str) -> String {
    format!("{p}/methodology.html")
}
pub fn scores_json(p: &str) -> String {
    format!("{p}/scores.json")
}
pub fn scores_csv(p: &str) -> String {
    format!("{p}/scores.csv")
}
pub fn scores_xlsx(p: &str) -> String {
    format!("{p}/scores.xlsx")
}
/// A clean id names its page; any other id gets a slug with `_` and its
/// framework index, which no clean id can spell, so names never clash.
pub fn criterion(p: &str, id: &str, ix: usize) -> String {
    if !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        format!("{p}/criterion-{id}.html")
    } else {
        format!("{p}/criterion-{}_{ix}.html", slug(id))
    }
}
pub fn group(p: &str, g: &str) -> String {
    format!("{p}/{g}/index.html")
}
pub fn agency(p: &str, a: &str) -> String {
    format!("{p}/{a}/index.html")
}
/// The comparison of an agency with its benchmark peer, beside its page.
pub fn peer(p: &str, a: &str) -> String {
    format!("{p}/{a}/peer.html")
}
/// The printable report of an agency (a few A4 pages), beside its page.
pub fn report(p: &str, a: &str) -> String {
    format!("{p}/{a}/report.html")
}
/// The printable book of a period: cover, contents, ranking, every report.
pub fn book(p: &str) -> String {
    format!("{p}/book.html")
}
/// The printable book of a group, beside the group's page.
pub fn group_book(p: &str, g: &str) -> String {
    format!("{p}/{g}/book.html")
}
/// The indicator rows of a large period's group (or of its agencies outside
/// every group) as a workbook.
pub fn indicators_xlsx(p: &str, group: Option<&str>) -> String {
    match group {
        Some(g) => format!("{p}/{g}/indicators.xlsx"),
        None => format!("{p}/indicators.xlsx"),
    }
}
/// Page `k` (from 1) of a large period's full ranking.
pub fn ranking(p: &str, k: usize) -> String {
    format!("{p}/ranking-{k}.html")
}
pub fn groups(p: &str) -> String {
    format!("{p}/groups.html")
}
pub fn clusters(p: &str) -> String {
    format!("{p}/clusters.html")
}
pub fn verification(p: &str) -> String {
    format!("{p}/verification.html")
}
pub fn checklist(p: &str) -> String {
    format!("{p}/checklist.html")
}
pub fn actions(p: &str) -> String {
    format!("{p}/actions.html")
}
/// Attachments are copied beside the agency page under `_files/`, a name no
/// agency folder can have, so they can never clash with a nested agency's page.
/// One whose type could run in a browser is published as text (see
/// `model::published_as_text`).
pub fn attachment(p: &str, a: &str, rel: &str) -> String {
    if crate::model::published_as_text(rel) {
        format!("{p}/{a}/_files/{rel}.txt")
    } else {
        format!("{p}/{a}/_files/{rel}")
    }
}

/// The href from the page at `from` to the file at `to` (both site-relative).
pub fn link(from: &str, to: &str) -> String {
    let depth = from.bytes().filter(|&b| b == b'/').count();
    let mut out = String::with_capacity(3 * depth + to.len() + 8);
    for _ in 0..depth {
        out.push_str("../");
    }
    for (k, segment) in to.split('/').enumerate() {
        if k > 0 {
            out.push('/');
        }
        push_encoded(&mut out, segment);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_that_could_run_are_published_as_text() {
        assert_eq!(
            attachment("2022", "x", "files/sk.pdf"),
            "2022/x/_files/files/sk.pdf"
        );
        assert_eq!(attachment("2022", "x", "SK.PDF"), "2022/x/_files/SK.PDF");
        for active in [
            "bukti.html",
            "logo.svg",
            "a.XHTML",
            "data.xml",
            "run.js",
            "README",
            ".htaccess",
            "x.hta",
        ] {
            assert_eq!(
                attachment("2022", "x", active),
                format!("2022/x/_files/{active}.txt")
            );
        }
    }

    #[test]
    fn links_are_relative() {
        assert_eq!(link("index.html", "2022/index.html"), "2022/index.html");
        assert_eq!(
            link("2022/a/b/index.html", "_assets/style.css"),
            "../../../_assets/style.css"
        );
        assert_eq!(
            link("2022/x/index.html", "2022/x/_files/SK Tim.pdf"),
            "../../2022/x/_files/SK%20Tim.pdf"
        );
        assert_eq!(
            criterion("2022", "Area 1/2", 3),
            "2022/criterion-area_1_2_3.html"
        );
        assert_eq!(criterion("2022", "mp-tim", 3), "2022/criterion-mp-tim.html");
        assert_eq!(
            link("a/b.html", "x y/é/~ok.html"),
            "../x%20y/%C3%A9/~ok.html"
        );
        assert_eq!(encode_segment("a/b?c=%"), "a%2Fb%3Fc%3D%25");
        assert_eq!(link("index.html", ""), "");
    }
}
