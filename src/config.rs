//! The user's config file: the identity remembered between quizzes, and where the store is.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::files::write_private;

/// What kuis remembers about its user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// NIP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nip: Option<String>,
    /// Work unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The attempt store, when not the default: a SQLite path or a `postgres://` URL
    /// (`--store` and `KUIS_STORE` come first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store: Option<String>,
}

/// `KUIS_CONFIG`, else the platform's config folder (`~/.config/kuis/config.toml` on Linux).
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("KUIS_CONFIG") {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("id", "kuis", "kuis").map(|d| d.config_dir().join("config.toml"))
}

/// The config, or the default when there is none or it cannot be read (it only saves typing).
pub fn load() -> Config {
    path()
        // Through `files`: a FIFO or /dev/zero named by KUIS_CONFIG neither hangs nor fills
        // memory.
        .and_then(|p| crate::files::read_capped(&p, 1 << 20).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default()
}

/// Save the config atomically, creating its folder.
pub fn save(config: &Config) -> std::io::Result<PathBuf> {
    let path = path().ok_or_else(|| std::io::Error::other("no config folder on this system"))?;
    if let Some(dir) = path.parent() {
        crate::files::create_private_dir(dir)?;
    }
    let text = toml::to_string(config).map_err(std::io::Error::other)?;
    write_private(&path, text.as_bytes())?;
    Ok(path)
}
