"""The importer: a bundle of plain-text files in, articles with language versions out.

The stages are separate modules so each can be read and tested on its own:
`reading` (bytes to normalised text, refusing bad files), `parsing` (text to a
plain `ParsedDocument`), `language` (lingua, per document and per block),
`linking` (anchors, inverted index, clustering into stories), `planning`
(all of the above for a bundle, before any write), `persisting` (one
transaction per file, the `ImportRun`), `suggesting` (after the writes: the
doubtful pairs stored as link suggestions, other-language files pointed at
their story) and `report` (table and JSON).
The command `import_seeds` calls `persisting.import_bundle`.
"""
