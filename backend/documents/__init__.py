"""Reports as the administrative documents officials sign (Decree 30/2020): docx, PDF, xlsx annex."""
