-- The review database as inkaart 0.1.0 created it (SQLAlchemy create_all on SQLite, no alembic_version).
CREATE TABLE documents (
	id INTEGER NOT NULL,
	filename VARCHAR(255) NOT NULL,
	stored_name VARCHAR(64) NOT NULL,
	sha256 VARCHAR(64) NOT NULL,
	format VARCHAR(16) NOT NULL,
	size INTEGER NOT NULL,
	title TEXT NOT NULL,
	model TEXT NOT NULL,
	created DATETIME NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (stored_name)
);
CREATE TABLE analyses (
	id INTEGER NOT NULL,
	document_id INTEGER NOT NULL,
	framework_id VARCHAR(100) NOT NULL,
	framework_yaml TEXT,
	status VARCHAR(16) NOT NULL,
	stage VARCHAR(32),
	done INTEGER NOT NULL,
	total INTEGER NOT NULL,
	error TEXT,
	result TEXT,
	created DATETIME NOT NULL,
	started DATETIME,
	finished DATETIME,
	PRIMARY KEY (id),
	FOREIGN KEY(document_id) REFERENCES documents (id)
);
CREATE INDEX ix_analyses_document_id ON analyses (document_id);
CREATE TABLE decisions (
	id INTEGER NOT NULL,
	analysis_id INTEGER NOT NULL,
	reviewer VARCHAR(80) NOT NULL,
	passage_id VARCHAR(64),
	theme_id VARCHAR(100) NOT NULL,
	criterion_id VARCHAR(100),
	action VARCHAR(16) NOT NULL,
	to_theme VARCHAR(100),
	start INTEGER,
	"end" INTEGER,
	note TEXT,
	verdict VARCHAR(16),
	created DATETIME NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(analysis_id) REFERENCES analyses (id)
);
CREATE INDEX ix_decisions_analysis_id ON decisions (analysis_id);
