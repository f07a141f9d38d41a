//! What an import refuses to read: cells and sheets past what a spreadsheet
//! holds, and files that expand past the stated size, each with a message
//! (exit 6) before the file is in memory, in both modes.

use std::io::{Read, Write};
use std::path::Path;

use super::common::TestDb;
use super::common::machine::{Machine, Mode};

/// A workbook of one cell, `Sheet1!B2`, whose text is `text` however long
/// (rust_xlsxwriter itself refuses more than a spreadsheet holds, so the
/// shared strings are rewritten in the archive).
fn workbook_holding(path: &Path, text: &str) {
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .write_string(1, 1, "PLACEHOLDER")
        .unwrap();
    let plain = path.with_extension("plain.xlsx");
    book.save(&plain).unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&plain).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(text.len() > u32::MAX as usize / 2);
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let mut content = String::new();
        part.read_to_string(&mut content).unwrap();
        let name = part.name().unwrap().into_owned();
        if name == "xl/sharedStrings.xml" {
            content = content.replace("PLACEHOLDER", text);
        }
        out.start_file(name, options).unwrap();
        out.write_all(content.as_bytes()).unwrap();
    }
    out.finish().unwrap();
}

fn refused(m: &Machine<'_>, file: &Path, wanted: &str) {
    let run = m.run_with(&["event", "import", file.to_str().unwrap()], "");
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(run.stderr.contains(wanted), "{wanted}\n{}", run.stderr);
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
}

#[test]
fn cells_sheets_and_files_past_the_limits_are_refused_before_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.xlsx");
    workbook_holding(&long, &"é".repeat(32_768));
    // 300 MB in a few hundred kilobytes: what took 1.2 GB to read.
    let bomb = dir.path().join("bomb.xlsx");
    workbook_holding(&bomb, &"x".repeat(300 << 20));
    assert!(std::fs::metadata(&bomb).unwrap().len() < 2 << 20);
    let tall = dir.path().join("tall.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tall).unwrap());
    for _ in 0..1_048_577 {
        out.write_all(b"a\n").unwrap();
    }
    drop(out);
    let wide = dir.path().join("wide.csv");
    std::fs::write(&wide, format!("Event,Notes\nGala,{}\n", "n".repeat(40_000))).unwrap();
    let fits = dir.path().join("fits.xlsx");
    workbook_holding(&fits, &"é".repeat(32_767));

    for mode in [Mode::Local, Mode::Server] {
        let db = TestDb::sqlite();
        let ada = Machine::ready_in(&db, mode);
        refused(
            &ada,
            &long,
            "cell Sheet1!B2 holds 32768 characters, more than the 32767 a spreadsheet cell holds",
        );
        refused(
            &ada,
            &bomb,
            "is 301 MB once unzipped, and an import reads at most 256 MB",
        );
        refused(&ada, &tall, "sheet tall has more than 1048576 rows");
        refused(&ada, &wide, "cell wide!B2 holds 40000 characters");
        // Up to the limit, the cell is read (and found to be no event's).
        let run = ada.run_with(&["event", "import", fits.to_str().unwrap()], "");
        assert!(
            run.stderr
                .contains("Sheet1!A2: has no label, though its row has a value"),
            "{}",
            run.stderr
        );
    }
}
