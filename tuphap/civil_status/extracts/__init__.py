"""The papers issued from the register: the original certificates, the extracts and their
copies (PDF with a verification code), and the public verification of a code.
Law: docs/domain/civil_status.md; the PDF: docs/adr/0008-certificates-pdf.md."""
