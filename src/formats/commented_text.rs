//! Commented plain text.
