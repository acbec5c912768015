//! Standard output as the operating system gives it: full (`/dev/full`), or a pipe whose
//! reader has gone (`intervene … | head -1`). Run as a process, since only a real file
//! descriptor fails this way.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The repository root, where the fixtures are.
fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn intervene(args: &[&str], stdout: Stdio) -> Output {
    Command::new(env!("CARGO_BIN_EXE_intervene"))
        .args(args)
        .current_dir(repo())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .unwrap_or_else(|e| panic!("cannot run intervene: {e}"))
}

/// Commands whose output is a few lines or many, in every format they write.
const COMMANDS: &[&[&str]] = &[
    &["check", "--as-of", "2023-01-01", "fixtures"],
    &[
        "check",
        "--as-of",
        "2023-01-01",
        "--format",
        "json",
        "fixtures",
    ],
    &["next", "--as-of", "2023-01-01", "fixtures"],
    &[
        "next",
        "--as-of",
        "2023-01-01",
        "--format",
        "json",
        "fixtures",
    ],
    &["rules"],
    &["rules", "--format", "json"],
    &["backtest", "fixtures"],
    &["backtest", "--format", "json", "fixtures"],
    &["flowchart"],
    &["flowchart", "--format", "dot"],
    &["report", "--as-of", "2023-01-01", "fixtures"],
    &[
        "report",
        "--as-of",
        "2023-01-01",
        "--format",
        "markdown",
        "fixtures",
    ],
    &[
        "report",
        "--as-of",
        "2023-01-01",
        "--format",
        "json",
        "fixtures",
    ],
    &[
        "report",
        "--as-of",
        "2023-01-01",
        "--format",
        "html",
        "fixtures",
    ],
    &["export", "fixtures"],
    &["export", "--format", "jsonl", "fixtures"],
    &["export", "--format", "xes", "fixtures"],
    &["--help"],
    &["check", "--help"],
];

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_reported_not_ignored() {
    for args in COMMANDS {
        let full = std::fs::File::create("/dev/full").unwrap_or_else(|e| panic!("{e}"));
        let run = intervene(args, Stdio::from(full));
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: cannot write standard output: No space left on device"),
            "{args:?}: {stderr}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    for args in COMMANDS {
        // The reading end is closed before the command starts: its first write fails, as
        // when `head -1` has read its line and gone.
        let (reader, writer) = std::io::pipe().unwrap_or_else(|e| panic!("{e}"));
        drop(reader);
        let run = intervene(args, Stdio::from(writer));
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(
            run.status.code(),
            Some(141),
            "{args:?}: as a tool that SIGPIPE stopped; {stderr}"
        );
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

#[test]
fn a_log_read_from_a_real_file_keeps_its_contiguity_check() {
    // Read through the file (the filter and its exact re-check), a repeated case is still
    // named with both of its lines, and the cases between are still checked.
    let dir = std::env::temp_dir().join(format!("intervene-streams-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let log = dir.join("log.csv");
    std::fs::write(
        &log,
        "case_id,activity,timestamp,text\na,note,2019-01-01,x\nb,note,2019-01-01,x\na,note,2019-02-01,x\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let path = log.to_string_lossy().into_owned();
    let run = intervene(
        &[
            "check",
            "--as-of",
            "2023-01-01",
            "--input-format",
            "csv",
            &path,
        ],
        Stdio::piped(),
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(":4: case `a` appears again after other cases (first at line 2)"),
        "{stderr}"
    );
    assert!(
        String::from_utf8_lossy(&run.stdout).contains("checked 2 council(s)"),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
