"""Offline plan: run the program under Pulumi's mock engine, with no CLI, credentials or network."""
