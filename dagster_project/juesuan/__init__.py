"""Juesuan: an ELT warehouse for Chinese government final-account disclosures."""
