"""Article intake: paste or fetch an article, get its checkable claims suggested."""
