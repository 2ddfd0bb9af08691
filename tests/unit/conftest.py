"""Pure unit tests: no database, no Solr; CKAN's plugin still loads var/test.ini."""
