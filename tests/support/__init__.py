"""What tests share: checks of the machine, and (later) factories and journey helpers."""
