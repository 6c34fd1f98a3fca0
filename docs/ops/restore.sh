#!/usr/bin/env bash
# Restore a backup made by backup.sh into an EMPTY database and media folder.
#
#   DATABASE_URL=postgres://USER@HOST:5432/zjgh_restored PRIVATE_MEDIA_ROOT=/srv/zjgh/private \
#       docs/ops/restore.sh /srv/backups/zjgh-20261125-030000
set -euo pipefail
source_dir=${1:?usage: restore.sh BACKUP_FOLDER}
: "${DATABASE_URL:?set DATABASE_URL}"
media=${PRIVATE_MEDIA_ROOT:-var/private}
( cd "$source_dir" && sha256sum --check --quiet SHA256SUMS )
pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" "$source_dir/database.dump"
if [ -f "$source_dir/private-media.tar.gz" ]; then
  mkdir -p "$media"
  tar -C "$media" -xzf "$source_dir/private-media.tar.gz"
fi
echo "restored from $source_dir"
