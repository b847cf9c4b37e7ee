//! Answers for other tools: JSON with labels, computed values and scores (`json`), and FHIR R4
//! `Questionnaire` and `QuestionnaireResponse` resources for health records (`fhir`).
//!
//! Owns: these formats. Built from the worksheet and its checked answers, never from the printed
//! document. Pure: returns text; `output` writes it.

pub mod fhir;
mod fhir_when;
pub mod json;
