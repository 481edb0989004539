using System.Reflection;
using System.Text;

namespace Fer.PublicApi.Tests;

/// <summary>
/// The public surface of an assembly as sorted text, one line per type and member, so that a change
/// to it shows up as a line diff in review (the role of Microsoft's PublicAPI analyzers, which the
/// registry here does not serve).
/// </summary>
public static class PublicApiDump
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static string Of(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (Type type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            string typeName = Name(type, full: true);
            lines.Add(TypeLine(type));
            var members = new List<string>();
            foreach (MemberInfo member in type.GetMembers(Declared))
            {
                string? line = MemberLine(type, member);
                if (line != null) members.Add(typeName + " :: " + line);
            }

            members.Sort(StringComparer.Ordinal);
            lines.AddRange(members);
        }

        return string.Join('\n', lines) + "\n";
    }

    private static string TypeLine(Type type)
    {
        var sb = new StringBuilder();
        string kind = type.IsEnum ? "enum" : type.IsInterface ? "interface" : type.IsValueType ? (type.IsDefined(typeof(System.Runtime.CompilerServices.IsReadOnlyAttribute)) ? "readonly struct" : "struct")
            : typeof(Delegate).IsAssignableFrom(type) ? "delegate" : type.IsAbstract && type.IsSealed ? "static class" : type.IsAbstract ? "abstract class" : type.IsSealed ? "sealed class" : "class";
        sb.Append(kind).Append(' ').Append(Name(type, full: true));
        var bases = new List<string>();
        if (type.BaseType != null && type.BaseType != typeof(object) && type.BaseType != typeof(ValueType) && type.BaseType != typeof(Enum) && type.BaseType != typeof(MulticastDelegate))
            bases.Add(Name(type.BaseType, full: true));
        if (type.IsEnum) bases.Add(Name(Enum.GetUnderlyingType(type), full: true));
        if (!type.IsEnum) bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(i => Name(i, full: true)).Order(StringComparer.Ordinal));
        if (bases.Count > 0) sb.Append(" : ").Append(string.Join(", ", bases));
        return sb.ToString();
    }

    private static string? MemberLine(Type owner, MemberInfo member)
    {
        switch (member)
        {
            case ConstructorInfo c when Visible(c):
                return $"{Modifiers(c)}.ctor({Parameters(c.GetParameters())})";
            case MethodInfo m when Visible(m) && !m.IsSpecialName:
                string generic = m.IsGenericMethod ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : "";
                return $"{Modifiers(m)}{Name(m.ReturnType, full: true)} {m.Name}{generic}({Parameters(m.GetParameters())})";
            case MethodInfo m when Visible(m) && m.IsSpecialName && m.Name.StartsWith("op_", StringComparison.Ordinal):
                return $"{Modifiers(m)}{Name(m.ReturnType, full: true)} {m.Name}({Parameters(m.GetParameters())})";
            case PropertyInfo p:
                MethodInfo? get = p.GetMethod, set = p.SetMethod;
                bool showGet = get != null && Visible(get), showSet = set != null && Visible(set);
                if (!showGet && !showSet) return null;
                string accessors = (showGet ? "get; " : "") + (showSet ? (IsInitOnly(set!) ? "init; " : "set; ") : "");
                string index = p.GetIndexParameters().Length > 0 ? "[" + Parameters(p.GetIndexParameters()) + "]" : "";
                return $"{Modifiers((showGet ? get : set)!)}{Name(p.PropertyType, full: true)} {p.Name}{index} {{ {accessors}}}";
            case FieldInfo f when (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && !f.IsSpecialName:
                if (owner.IsEnum) return $"{f.Name} = {Convert.ToInt64(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}";
                string mod = f.IsLiteral ? "const " : (f.IsStatic ? "static " : "") + (f.IsInitOnly ? "readonly " : "");
                return $"{(f.IsFamily ? "protected " : "")}{mod}{Name(f.FieldType, full: true)} {f.Name}";
            case EventInfo e when e.AddMethod != null && Visible(e.AddMethod):
                return $"event {Name(e.EventHandlerType!, full: true)} {e.Name}";
            default:
                return null;
        }
    }

    private static bool Visible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

    private static bool IsInitOnly(MethodInfo set) =>
        set.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.FullName == "System.Runtime.CompilerServices.IsExternalInit");

    private static string Modifiers(MethodBase m)
    {
        var sb = new StringBuilder();
        if (m.IsFamily || m.IsFamilyOrAssembly) sb.Append("protected ");
        if (m.IsStatic) sb.Append("static ");
        if (m.IsAbstract && !m.DeclaringType!.IsInterface) sb.Append("abstract ");
        else if (m is MethodInfo mi && m.IsVirtual && !m.IsFinal && !m.DeclaringType!.IsInterface)
            sb.Append(mi.GetBaseDefinition().DeclaringType == mi.DeclaringType ? "virtual " : "override ");
        return sb.ToString();
    }

    private static string Parameters(ParameterInfo[] parameters) => string.Join(", ", parameters.Select(p =>
    {
        string prefix = p.IsOut ? "out " : p.ParameterType.IsByRef ? (p.IsIn ? "in " : "ref ") : p.IsDefined(typeof(ParamArrayAttribute)) ? "params " : "";
        Type t = p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType;
        string optional = p.HasDefaultValue ? " = " + (p.DefaultValue is null ? "null" : p.DefaultValue is string s ? "\"" + s + "\"" : Convert.ToString(p.DefaultValue, System.Globalization.CultureInfo.InvariantCulture)) : "";
        return $"{prefix}{Name(t, full: true)} {p.Name}{optional}";
    }));

    private static string Name(Type type, bool full)
    {
        if (type.IsGenericParameter) return type.Name;
        if (type.IsArray) return Name(type.GetElementType()!, full) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        if (type.IsPointer) return Name(type.GetElementType()!, full) + "*";
        if (type.IsByRef) return Name(type.GetElementType()!, full) + "&";
        string own = type.Name;
        int tick = own.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0) own = own[..tick];
        string name = type.IsNested ? Name(type.DeclaringType!, full) + "." + own : full && type.Namespace != null ? type.Namespace + "." + own : own;
        if (type.IsGenericType)
        {
            // Only this type's own arguments (a nested type repeats its parent's).
            Type[] args = type.GetGenericArguments();
            int inherited = type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0;
            if (args.Length > inherited) name += "<" + string.Join(", ", args.Skip(inherited).Select(a => Name(a, full))) + ">";
        }

        return name;
    }
}
