//! The hub is sans-IO (issue #14), read from its source: it names none of its drivers (the
//! socket task, the Redis link, hub_driver/) and reaches for no clock, task, channel or lock.
//! That no two modules depend on each other is the workspace's check (tests/module_layering.rs).

use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its comments (a line's `//` tail is dropped).
fn code_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(|line| line.split("//").next().unwrap_or_default())
}

#[test]
fn the_hub_names_none_of_its_drivers_and_no_clock_task_or_lock() {
    let mut files = Vec::new();
    rust_files(&src().join("hub"), &mut files);
    assert!(files.len() > 5, "the hub's files are found");
    let forbidden = [
        "crate::cluster",
        "crate::hub_driver",
        "crate::connection",
        "crate::app",
        "tokio",
        "Instant::now",
        "SystemTime::now",
        "Mutex",
        "mpsc",
        "Notify",
    ];
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for (n, line) in code_lines(&text).enumerate() {
            for word in forbidden.iter().filter(|w| line.contains(**w)) {
                found.push(format!("{}:{}: {word}", file.display(), n + 1));
            }
        }
    }
    assert!(found.is_empty(), "the hub must stay sans-IO: {found:#?}");
}
