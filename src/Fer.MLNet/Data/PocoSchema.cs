using System.Collections.Concurrent;
using System.Reflection;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Data;

/// <summary>
/// How a POCO type maps to columns: public readable/writable properties (and fields), named by
/// <see cref="ColumnNameAttribute"/> or the member name. Supported member types: string, float,
/// int, bool, float[] (with <see cref="VectorTypeAttribute"/> for a fixed shape), Image.
/// </summary>
public sealed class PocoSchema
{
    private static readonly ConcurrentDictionary<Type, PocoSchema> Cache = new();

    private PocoSchema(Type type, IReadOnlyList<Member> members)
    {
        Type = type;
        Members = members;
    }

    /// <summary>The POCO type.</summary>
    public Type Type { get; }

    /// <summary>The mapped members.</summary>
    public IReadOnlyList<Member> Members { get; }

    /// <summary>The (cached) mapping of <typeparamref name="T"/>.</summary>
    public static PocoSchema For<T>() => For(typeof(T));

    /// <summary>The (cached) mapping of <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentException">A member has an unsupported type; the message names it.</exception>
    public static PocoSchema For(Type type) => Cache.GetOrAdd(type, Build);

    /// <summary>The schema of the mapped columns.</summary>
    public DataViewSchema ToSchema()
    {
        var b = new DataViewSchema.Builder();
        foreach (Member m in Members) b.AddColumn(m.ColumnName, m.ColumnType);
        return b.ToSchema();
    }

    private static PocoSchema Build(Type type)
    {
        var members = new List<Member>();
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
        foreach (MemberInfo mi in type.GetProperties(flags).Cast<MemberInfo>().Concat(type.GetFields(flags)))
        {
            if (mi.GetCustomAttribute<NoColumnAttribute>() is not null) continue;
            Type mt = mi is PropertyInfo p ? p.PropertyType : ((FieldInfo)mi).FieldType;
            if (mi is PropertyInfo pi && pi.GetIndexParameters().Length > 0) continue;
            string name = mi.GetCustomAttribute<ColumnNameAttribute>()?.Name ?? mi.Name;
            DataViewType ct = mt == typeof(string) ? TextDataViewType.Instance
                : mt == typeof(float) ? NumberDataViewType.Single
                : mt == typeof(int) ? NumberDataViewType.Int32
                : mt == typeof(bool) ? BooleanDataViewType.Instance
                : mt == typeof(float[]) ? new VectorDataViewType([.. mi.GetCustomAttribute<VectorTypeAttribute>()?.Dimensions ?? []])
                : mt == typeof(Image) ? new ImageDataViewType()
                : throw new ArgumentException($"{type.Name}.{mi.Name} has type {mt.Name}; supported column types are string, float, int, bool, float[] and Image.");
            members.Add(new Member(name, ct, mi));
        }
        return new PocoSchema(type, members);
    }

    /// <summary>One mapped member.</summary>
    public sealed class Member
    {
        private readonly MemberInfo info;

        internal Member(string columnName, DataViewType columnType, MemberInfo info)
        {
            ColumnName = columnName;
            ColumnType = columnType;
            this.info = info;
        }

        /// <summary>The column name.</summary>
        public string ColumnName { get; }

        /// <summary>The column type.</summary>
        public DataViewType ColumnType { get; }

        /// <summary>True when the member can be written.</summary>
        public bool CanWrite => info is FieldInfo || ((PropertyInfo)info).CanWrite;

        /// <summary>Reads the member.</summary>
        public object? Get(object instance) => info is PropertyInfo p ? p.GetValue(instance) : ((FieldInfo)info).GetValue(instance);

        /// <summary>Writes the member.</summary>
        public void Set(object instance, object? value)
        {
            if (info is PropertyInfo p) p.SetValue(instance, value);
            else ((FieldInfo)info).SetValue(instance, value);
        }
    }
}
