//! A small fluent helper: `ipt(&["list"]).run().success()`.
//!
//! Each run gets its own temporary folder as working directory, HOME and XDG_CONFIG_HOME, and no
//! standard input, so tests never see the developer's own worksheets or terminal.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A path inside the repository.
pub fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

pub struct Ipt {
    args: Vec<String>,
    dir: tempfile::TempDir,
    stdin: Option<String>,
    env: Vec<(String, String)>,
}

pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub dir: tempfile::TempDir,
}

/// `ipt` with these arguments.
pub fn ipt(args: &[&str]) -> Ipt {
    Ipt {
        args: args.iter().map(|s| s.to_string()).collect(),
        dir: tempfile::tempdir().unwrap(),
        stdin: None,
        env: Vec::new(),
    }
}

impl Ipt {
    /// Writes a file into the run's folder before running.
    pub fn with_file(self, name: &str, contents: &str) -> Ipt {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Pipes this text to standard input (otherwise there is none).
    pub fn with_stdin(mut self, text: &str) -> Ipt {
        self.stdin = Some(text.to_string());
        self
    }

    /// The run's folder (its working directory), to prepare files before running.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Sets an environment variable for the run.
    pub fn with_env(mut self, key: &str, value: &str) -> Ipt {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// Runs `ipt` and waits for it, killing it if it hangs (a guard, not a timing test).
    pub fn run(self) -> Outcome {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ipt"))
            .args(&self.args)
            .current_dir(self.dir.path())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("NO_COLOR", "1")
            // The crisis contacts follow the locale: keep them the international ones, unless a
            // test sets its own environment.
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("IPT_COUNTRY")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(text) = &self.stdin {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all(text.as_bytes()).unwrap();
        }
        // Both pipes are read while the command runs, so one that prints more than a pipe
        // holds (64 KiB) is not stopped waiting for us.
        let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                if let Some(mut pipe) = pipe {
                    pipe.read_to_end(&mut bytes).unwrap();
                }
                bytes
            })
        };
        let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
        let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > Duration::from_secs(30) {
                child.kill().unwrap();
                panic!("ipt {:?} hung", self.args);
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        Outcome {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8(stdout.join().unwrap()).unwrap(),
            stderr: String::from_utf8(stderr.join().unwrap()).unwrap(),
            dir: self.dir,
        }
    }
}

impl Outcome {
    #[track_caller]
    pub fn success(&self) -> &Outcome {
        self.code(0)
    }

    #[track_caller]
    pub fn code(&self, code: i32) -> &Outcome {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, text: &str) -> &Outcome {
        assert!(
            self.stderr.contains(text),
            "`{text}` not in stderr:\n{}",
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, text: &str) -> &Outcome {
        assert!(
            self.stdout.contains(text),
            "`{text}` not in stdout:\n{}",
            self.stdout
        );
        self
    }

    /// The bytes of a file the run wrote in its folder (e.g. a PDF).
    pub fn bytes(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.dir.path().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// A file the run wrote in its folder.
    pub fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    }
}

impl Outcome {
    /// An outside tool (qpdf, poppler's pdftotext, pdfinfo …) run in this outcome's folder; its
    /// standard output. qpdf's exit 3 means warnings only, and passes.
    pub fn tool(&self, program: &str, args: &[&str]) -> Vec<u8> {
        let result = Command::new(program)
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap_or_else(|e| {
                panic!("{program} is needed for this test ({e}); .ci/run installs it")
            });
        assert!(
            result.status.success() || program == "qpdf" && result.status.code() == Some(3),
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&result.stderr)
        );
        result.stdout
    }

    /// The same, its standard output as text.
    pub fn tool_text(&self, program: &str, args: &[&str]) -> String {
        String::from_utf8_lossy(&self.tool(program, args)).into_owned()
    }

    /// Another command in the same folder.
    pub fn then(self, args: &[&str]) -> Ipt {
        Ipt {
            args: args.iter().map(|s| s.to_string()).collect(),
            dir: self.dir,
            stdin: None,
            env: Vec::new(),
        }
    }
}
