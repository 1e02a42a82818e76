"""The importer: a bundle of plain-text files in, articles with language versions out.

`pipeline.import_bundle` runs it, and reads top to bottom: read → parse →
detect → link → plan → write → check → report. Each stage is a module of its
own, read and tested on its own: `reading` (bytes to normalised text,
refusing bad files), `parsing` (text to a plain `ParsedDocument`),
`articles.language` (lingua, per document and per block), `linking`
(anchors, inverted index, clustering into stories), `planning` (the above
for a batch of files, before any write), `persisting` (one transaction per
file, through the ORM, never over an editor's work), `suggesting` (after the
writes: the doubtful pairs stored as link suggestions, other-language files
pointed at their story) and `report` (table and JSON). The command
`import_seeds` calls `pipeline.import_bundle`; so does the task worker for a
bundle uploaded in the admin (`uploads` checks and stores it, `background`
queues it and follows its run, `notes` says what happened in the editor's
language).
"""
