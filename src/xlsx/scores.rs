//! `scores.xlsx`: one period's scores for people who work in Excel. A sheet
//! `agencies` (headline figures and the score of each area, that is of
//! `Framework::areas()` and of any top-level node without an area below it)
//! and a sheet `indicators` (every indicator of every agency: answers and
//! the value after `times`/`requires`). Numbers are unrounded and shown with
//! two decimals; the header row is frozen and filtered.
//!
//! In a large period (`view::is_large`: more agencies than the period-wide
//! pages list one by one) `scores.xlsx` holds the sheet `agencies` only, and
//! each group's agencies have their indicator rows in the group's own
//! `indicators.xlsx` (`write_indicators_xlsx`; the agencies outside every
//! group in the period's `indicators.xlsx`): a national tree's 1.6 million
//! indicator rows are more than Excel opens comfortably in one workbook, and
//! a rebuild rewrites only the workbooks of the groups that changed.
//!
//! The sheets of a large period are written row by row in the writer's
//! "low memory" mode: each row goes to a temporary file as soon as the next
//! one starts, and only the table of distinct strings (agency ids and names,
//! indicator texts) stays in memory. So a national tree's 1.6 million
//! indicator rows cost a few megabytes, not gigabytes. Its cells, shared
//! strings and order are those of a workbook assembled in memory; only the
//! optional `spans` hint of each row is left out. Smaller periods are
//! assembled in memory as before, and both ways are deterministic.

use std::io::{Seek, Write};

use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::model::{Period, Response};
use crate::score::AgencyScore;

/// Data rows a sheet holds below its header (Excel's limit is 1,048,576 rows).
const MAX_DATA_ROWS: u32 = 1_048_575;

/// Builds the workbook's bytes.
pub fn scores_xlsx(period: &Period, scores: &[AgencyScore]) -> Result<Vec<u8>, XlsxError> {
    workbook(period, scores)?.save_to_buffer()
}

/// Writes the indicator rows of the agencies at `members` (positions in the
/// period, in that order) as a workbook of their own: a group's
/// `indicators.xlsx` in a large period.
pub fn write_indicators_xlsx<W: Write + Seek + Send>(
    period: &Period,
    scores: &[AgencyScore],
    members: &[usize],
    title: &str,
    out: W,
) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&super::properties(
        period,
        &format!("{} · {title} · {}", period.name, period.framework.name),
    )?);
    // Row by row as in a large period's scores.xlsx: faster than assembling
    // the sheet in memory, and a national tree writes 500 of these.
    indicator_sheets(&mut wb, period, scores, members, true)?;
    wb.save_to_writer(out)
}

/// Writes the workbook to `out` (a file), without holding the compressed
/// workbook in memory as well.
pub fn write_scores_xlsx<W: Write + Seek + Send>(
    period: &Period,
    scores: &[AgencyScore],
    out: W,
) -> Result<(), XlsxError> {
    workbook(period, scores)?.save_to_writer(out)
}

/// The workbook with both sheets written (their rows already on disk).
fn workbook(period: &Period, scores: &[AgencyScore]) -> Result<Workbook, XlsxError> {
    let fw = &period.framework;
    let mut wb = Workbook::new();
    let row_by_row = crate::view::is_large(period);
    wb.set_properties(&super::properties(
        period,
        &format!("{} · {}", period.name, fw.name),
    )?);
    let header = Format::new()
        .set_bold()
        .set_background_color("#DDE4EE")
        .set_border_bottom(FormatBorder::Thin);
    let two = Format::new().set_num_format("0.00");
    // The areas, then any top-level node with no area below it (e.g. the results side).
    let mut areas = fw.areas();
    for &r in &fw.roots {
        if !areas.iter().any(|&a| fw.path(a).contains(&r)) {
            areas.push(r);
        }
    }

    let sheet = add_sheet(&mut wb, row_by_row);
    sheet.set_name("agencies")?;
    let mut cols: Vec<String> = [
        "id",
        "name",
        "group",
        "cluster",
        "index",
        "band",
        "self_index",
        "self_band",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    cols.extend(areas.iter().map(|&a| fw.nodes[a].label().to_string()));
    let mut widths: Vec<usize> = cols.iter().map(|c| c.chars().count()).collect();
    for (c, h) in cols.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &header)?;
    }
    let band = |b: Option<usize>| {
        b.and_then(|b| fw.bands.get(b))
            .map(|b| b.label.clone())
            .unwrap_or_default()
    };
    for (r, (a, s)) in period.agencies.iter().zip(scores).enumerate() {
        let row = r as u32 + 1;
        let texts = [
            (0, a.id.clone()),
            (1, a.name.clone()),
            (2, a.group.clone().unwrap_or_default()),
            (3, a.cluster.clone().unwrap_or_default()),
            (5, band(s.result.band)),
            (7, band(s.self_assessed.band)),
        ];
        for (c, t) in texts {
            text(sheet, row, c, &t, &mut widths)?;
        }
        number(sheet, row, 4, s.result.index, &two)?;
        number(sheet, row, 6, s.self_assessed.index, &two)?;
        for (k, &area) in areas.iter().enumerate() {
            let score = s
                .result
                .fractions
                .get(area)
                .map(|f| f * fw.nodes[area].weight);
            number(sheet, row, 8 + k as u16, score, &two)?;
        }
    }
    finish(sheet, &widths, period.agencies.len())?;
    ratings_sheet(&mut wb, period, &header, &two, row_by_row)?;
    if !row_by_row {
        let all: Vec<usize> = (0..period.agencies.len()).collect();
        indicator_sheets(&mut wb, period, scores, &all, row_by_row)?;
    }
    Ok(wb)
}

/// An addition: the sheet `ratings`, one row per value of another rating,
/// the groups' first, then the agencies'; none when no one has one.
fn ratings_sheet(
    wb: &mut Workbook,
    period: &Period,
    header: &Format,
    two: &Format,
    row_by_row: bool,
) -> Result<(), XlsxError> {
    let groups = period.groups.iter().flat_map(|g| {
        g.ratings
            .iter()
            .map(move |v| ("group", g.id.as_str(), g.name.as_str(), v))
    });
    let agencies = period.agencies.iter().flat_map(|a| {
        a.ratings
            .iter()
            .map(move |v| ("agency", a.id.as_str(), a.name.as_str(), v))
    });
    let rows: Vec<_> = groups.chain(agencies).collect();
    if rows.is_empty() {
        return Ok(());
    }
    let sheet = add_sheet(wb, row_by_row);
    sheet.set_name("ratings")?;
    let cols = [
        "level", "id", "name", "rating", "value", "grade", "band", "source", "date",
    ];
    let mut widths: Vec<usize> = cols.iter().map(|c| c.len()).collect();
    for (c, h) in cols.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, header)?;
    }
    for (r, (level, id, name, v)) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        let res = v.resolved.as_ref();
        for (c, t) in [(0, *level), (1, *id), (2, *name), (3, v.id.as_str())] {
            text(sheet, row, c, t, &mut widths)?;
        }
        number(sheet, row, 4, res.and_then(|r| r.number), two)?;
        for (c, t) in [
            (5, res.and_then(|r| r.grade.as_deref())),
            (6, res.and_then(|r| r.band.as_deref())),
            (7, v.source.as_deref()),
            (8, v.date.as_deref()),
        ] {
            text(sheet, row, c, t.unwrap_or_default(), &mut widths)?;
        }
    }
    finish(sheet, &widths, rows.len())
}

/// The sheets `indicators`, `indicators-2` ... of the agencies at `members`.
fn indicator_sheets(
    wb: &mut Workbook,
    period: &Period,
    scores: &[AgencyScore],
    members: &[usize],
    row_by_row: bool,
) -> Result<(), XlsxError> {
    let fw = &period.framework;
    let header = Format::new()
        .set_bold()
        .set_background_color("#DDE4EE")
        .set_border_bottom(FormatBorder::Thin);
    let two = Format::new().set_num_format("0.00");
    let cols = [
        "agency",
        "indicator",
        "area",
        "question",
        "answer",
        "verified",
        "value",
    ];
    // What every agency's row of an indicator shares, worked out once per
    // indicator, not once per row: its area's label and its question.
    let area_labels: Vec<String> = fw
        .leaves
        .iter()
        .map(|&leaf| {
            super::area_of(fw, leaf)
                .0
                .map(|x| fw.nodes[x].label().to_string())
                .unwrap_or_default()
        })
        .collect();
    // Excel holds 1,048,576 rows a sheet: a national tree continues on
    // `indicators-2`, `indicators-3` ...
    let mut rows = members
        .iter()
        .map(|&i| (&period.agencies[i], &scores[i]))
        .flat_map(|(a, s)| {
            fw.leaves
                .iter()
                .enumerate()
                .map(move |(k, &leaf)| (a, s, k, leaf))
        })
        .peekable();
    let mut part = 1;
    loop {
        let sheet = add_sheet(wb, row_by_row);
        if part == 1 {
            sheet.set_name("indicators")?;
        } else {
            sheet.set_name(format!("indicators-{part}"))?;
        }
        let mut widths: Vec<usize> = cols.iter().map(|c| c.chars().count()).collect();
        for (c, h) in cols.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *h, &header)?;
        }
        let mut row = 0u32;
        while row < MAX_DATA_ROWS {
            let Some((a, s, k, leaf)) = rows.next() else {
                break;
            };
            row += 1;
            let node = &fw.nodes[leaf];
            let given = a.answers.get(&leaf);
            let texts = [
                (0, a.id.as_str()),
                (1, node.id.as_str()),
                (2, area_labels[k].as_str()),
                (3, node.text.as_deref().unwrap_or_default()),
                (4, shown(given.and_then(|g| g.answer.as_ref()))),
                (5, shown(given.and_then(|g| g.verified.as_ref()))),
            ];
            for (c, t) in texts {
                text(sheet, row, c, t, &mut widths)?;
            }
            number(sheet, row, 6, s.result.fractions.get(leaf), &two)?;
        }
        finish(sheet, &widths, row as usize)?;
        if rows.peek().is_none() {
            break;
        }
        part += 1;
    }
    Ok(())
}

/// An answer as the sheet shows it: as written, `n/a`, or nothing.
fn shown(r: Option<&Response>) -> &str {
    match r {
        None => "",
        Some(Response::NotApplicable) => "n/a",
        Some(Response::Value { shown, .. }) => shown,
    }
}

/// A new sheet, written row by row (its rows on disk) or assembled in memory.
fn add_sheet(wb: &mut Workbook, row_by_row: bool) -> &mut Worksheet {
    if row_by_row {
        wb.add_worksheet_with_low_memory()
    } else {
        wb.add_worksheet()
    }
}

fn text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    t: &str,
    widths: &mut [usize],
) -> Result<(), XlsxError> {
    let c = col as usize;
    widths[c] = widths[c].max(t.chars().count());
    if !t.is_empty() {
        sheet.write_string(row, col, t)?;
    }
    Ok(())
}

/// A number cell, or nothing for a left-out node or a missing index.
fn number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    x: Option<f64>,
    format: &Format,
) -> Result<(), XlsxError> {
    if let Some(x) = x {
        sheet.write_number_with_format(row, col, x, format)?;
    }
    Ok(())
}

/// Column widths from the longest text (numbers take 10), frozen, filtered header.
fn finish(sheet: &mut Worksheet, widths: &[usize], rows: usize) -> Result<(), XlsxError> {
    for (c, &w) in widths.iter().enumerate() {
        let w = (w.max(8) + 2).min(60);
        sheet.set_column_width(c as u16, w as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if !widths.is_empty() {
        sheet.autofilter(0, 0, rows as u32, widths.len() as u16 - 1)?;
    }
    Ok(())
}
