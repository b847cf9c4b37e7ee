//! How long rendering takes: the filled interpersonal inventory (the example answers) and the
//! blank inventory handout to PDF, and the same filled document to Markdown for comparison. The
//! document is built once; only rendering is measured. Run with `cargo bench --bench pdf`.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ipt::answers::{Mode, check_with, file};
use ipt::document::{self, Document};
use ipt::render::{Format, RenderOptions, render};
use ipt::spec::catalog::{Catalog, Sources};

fn inventory(catalog: &Catalog, filled: bool) -> Document {
    let sheet = catalog.find("inventory").expect("built-in inventory");
    if !filled {
        return document::build(&sheet, None, &catalog.resources);
    }
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/inventory.answers.toml"
    );
    let text = std::fs::read_to_string(path).expect("example answers");
    let answers = file::parse(path, &text).expect("answers parse");
    let checked = check_with(&sheet.spec, &answers.answers, Mode::FINAL, &BTreeMap::new())
        .expect("example answers are valid");
    document::build(&sheet, Some(&checked), &catalog.resources)
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::discover(&Sources::default()).expect("built-in worksheets");
    let options = RenderOptions {
        epoch: 1_767_225_600,
        ..RenderOptions::default()
    };
    let filled = inventory(&catalog, true);
    let blank = inventory(&catalog, false);
    let mut group = c.benchmark_group("render");
    group.sample_size(40);
    group.bench_function("inventory filled to PDF", |b| {
        b.iter(|| render(black_box(&filled), Format::Pdf, |_| None, &options).unwrap())
    });
    group.bench_function("inventory blank to PDF", |b| {
        b.iter(|| render(black_box(&blank), Format::Pdf, |_| None, &options).unwrap())
    });
    group.bench_function("inventory filled to Markdown", |b| {
        b.iter(|| {
            render(
                black_box(&filled),
                Format::Md,
                catalog.template_loader(),
                &options,
            )
            .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
