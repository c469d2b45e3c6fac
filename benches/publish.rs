//! Benchmarks of the HTML and PDF publication exporters on a deterministic ~1 MB policy
//! (about 8,000 paragraphs with headings, list items and some non-ASCII text).

use criterion::{Criterion, criterion_group, criterion_main};
use redline::formats::publish::{Publication, to_html, to_pdf};
use std::hint::black_box;

/// A deterministic policy text of about `target` bytes.
fn policy_text(target: usize) -> String {
    const WORDS: [&str; 24] = [
        "personal",
        "data",
        "we",
        "process",
        "lawfully",
        "and",
        "fairly",
        "for",
        "the",
        "purposes",
        "described",
        "in",
        "this",
        "policy",
        "including",
        "café",
        "payments",
        "in",
        "€",
        "Straße",
        "“consent”",
        "controller",
        "retention",
        "rights",
    ];
    let mut text = String::with_capacity(target + 256);
    let mut state: u32 = 0x2545_f491;
    let mut paragraph = 0;
    while text.len() < target {
        match paragraph % 40 {
            0 => text.push_str("# "),
            10 | 30 => text.push_str("## "),
            20 => text.push_str("### "),
            5..=8 | 25..=27 => text.push_str("- "),
            _ => {}
        }
        let words = if paragraph % 10 == 0 { 5 } else { 20 };
        for i in 0..words {
            // xorshift32: deterministic, no dependency.
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            if i > 0 {
                text.push(' ');
            }
            text.push_str(WORDS[(state % WORDS.len() as u32) as usize]);
        }
        text.push_str(".\n");
        paragraph += 1;
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = policy_text(1_000_000);
    let publication = Publication {
        title: "Privacy Policy",
        organisation: "Acme Café GmbH",
        effective_date: chrono::NaiveDate::from_ymd_opt(2026, 3, 1),
        version_label: Some("3"),
        text: &text,
        history: None,
    };
    let mut group = c.benchmark_group("publish_1mb");
    group.sample_size(10);
    group.measurement_time(std::time::Duration::from_secs(8));
    group.bench_function("html", |b| b.iter(|| to_html(black_box(&publication))));
    group.bench_function("pdf", |b| {
        b.iter(|| to_pdf(black_box(&publication)).map(|pdf| pdf.len()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
