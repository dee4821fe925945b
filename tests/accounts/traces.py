"""Where a piece of personal data still sits: every column of every table, read as text."""

from django.db import connection


def rows_holding(needle: str) -> list[str]:
    """ "table.column" for each column of each table with a row containing `needle`
    (ignoring case). Every column is cast to text, so JSON, binary and number columns are
    read too: nothing is left out because of its type."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} "
                    f"WHERE LOWER(CAST({quote(column.name)} AS TEXT)) LIKE %s",
                    [f"%{needle.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found
