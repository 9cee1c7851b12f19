namespace Clues.Core.Persistence.Sql;

/// <summary>
/// The kind of a column, which each <see cref="SqlDialect"/> names in its own words: tables are declared once and
/// created the same on every database.
/// </summary>
public enum SqlType
{
    /// <summary>A host name, short enough to be a key.</summary>
    Name,

    /// <summary>A short key of text (such as a request id), indexable.</summary>
    Key,

    /// <summary>CLUES' <c>bool</c> column, which holds the text <c>True</c> or <c>False</c>.</summary>
    Flag,

    /// <summary>
    /// CLUES' <c>INTEGER</c> columns that may hold a fraction: SQLite's type affinity keeps 1.5 as 1.5, so on other
    /// databases they are floating point.
    /// </summary>
    Number,

    /// <summary>A 64-bit integer.</summary>
    Integer,

    /// <summary>A double-precision number.</summary>
    Real,

    /// <summary>CLUES' <c>varchar</c> without a length (JSON lists, job ids).</summary>
    Varchar,

    /// <summary>Text of any length.</summary>
    Text,

    /// <summary>The row number: an integer primary key the database assigns in insertion order.</summary>
    RowId,
}

/// <summary>A column of a <see cref="SqlTable"/>.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">Its kind.</param>
/// <param name="PrimaryKey">Whether it is the table's primary key.</param>
/// <param name="NotNull">Whether it refuses NULL.</param>
public sealed record SqlColumn(string Name, SqlType Type, bool PrimaryKey = false, bool NotNull = false);

/// <summary>A table as created by <see cref="SqlDialect.CreateTable"/> (if missing).</summary>
/// <param name="Name">The table name.</param>
/// <param name="Columns">Its columns, in order.</param>
/// <param name="Indexes">Secondary indexes: (index name, column).</param>
public sealed record SqlTable(string Name, IReadOnlyList<SqlColumn> Columns, IReadOnlyList<(string Name, string Column)>? Indexes = null);
