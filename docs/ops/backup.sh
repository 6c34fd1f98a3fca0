#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump custom format) and the
# private uploads (evidence files), into one timestamped folder.
#
#   DATABASE_URL=postgres://USER@HOST:5432/zjgh PRIVATE_MEDIA_ROOT=/srv/zjgh/private \
#       docs/ops/backup.sh /srv/backups
set -euo pipefail
target_root=${1:?usage: backup.sh BACKUP_FOLDER}
: "${DATABASE_URL:?set DATABASE_URL}"
media=${PRIVATE_MEDIA_ROOT:-var/private}
stamp=$(date +%Y%m%d-%H%M%S)
target="$target_root/zjgh-$stamp"
mkdir -p "$target"
chmod 700 "$target"  # it holds personal data
pg_dump --format=custom --no-owner --dbname="$DATABASE_URL" --file="$target/database.dump"
if [ -d "$media" ]; then
  tar -C "$media" -czf "$target/private-media.tar.gz" .
fi
( cd "$target" && sha256sum ./* > SHA256SUMS )
echo "$target"
