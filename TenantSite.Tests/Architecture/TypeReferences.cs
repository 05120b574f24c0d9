using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace TenantSite.Tests.Architecture;

/// <summary>A type of an assembly that uses another of its types, both named as their outermost declaring type.</summary>
public sealed record TypeReference(string From, string To);

/// <summary>
/// Which of an assembly's own types use which, read from the compiled assembly with System.Reflection.Metadata: base
/// types, interfaces, constraints, every signature, attribute arguments, locals, catch clauses and every token in every
/// method body (calls, fields, typeof, casts, generic instantiations). What a global using hides is seen all the same.
/// Nested and compiler-generated types (closures, state machines) count as their outermost declaring type. Blind spot:
/// constants and <c>nameof</c> are compiled away; <see cref="ConstantReferences"/> finds the constants in the source.
/// </summary>
public static class TypeReferences
{
    /// <summary>Every use between two different outermost types of the assembly at <paramref name="path"/>.</summary>
    public static IReadOnlySet<TypeReference> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var references = new HashSet<TypeReference>();
        foreach (var type in metadata.TypeDefinitions)
        {
            var from = OutermostName(metadata, type);
            var collector = new Collector(metadata, pe);
            collector.Type(type);
            foreach (var used in collector.Found)
            {
                var to = OutermostName(metadata, used);
                if (to != from) references.Add(new TypeReference(from, to));
            }
        }
        return references;
    }

    /// <summary>The namespace-qualified name of the outermost type that declares <paramref name="handle"/>.</summary>
    public static string OutermostName(MetadataReader metadata, TypeDefinitionHandle handle)
    {
        var type = metadata.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer) type = metadata.GetTypeDefinition(outer);
        var name = metadata.GetString(type.Name);
        return type.Namespace.IsNil ? name : metadata.GetString(type.Namespace) + "." + name;
    }

    // Operand kinds of every IL opcode, from the framework's own table, to step over operands that are not tokens.
    private static readonly Dictionary<ushort, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => (ushort)code.Value, code => code.OperandType);

    /// <summary>Walks one type definition and collects the assembly's own type definitions it touches.</summary>
    private sealed class Collector(MetadataReader metadata, PEReader pe) :
        ISignatureTypeProvider<string, object?>, ICustomAttributeTypeProvider<string>
    {
        public HashSet<TypeDefinitionHandle> Found { get; } = [];

        public void Type(TypeDefinitionHandle handle)
        {
            var type = metadata.GetTypeDefinition(handle);
            Entity(type.BaseType);
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                var interfaceImplementation = metadata.GetInterfaceImplementation(implementation);
                Entity(interfaceImplementation.Interface);
                Attributes(interfaceImplementation.GetCustomAttributes());
            }
            Attributes(type.GetCustomAttributes());
            GenericParameters(type.GetGenericParameters());
            foreach (var field in type.GetFields().Select(metadata.GetFieldDefinition))
            {
                field.DecodeSignature(this, null);
                Attributes(field.GetCustomAttributes());
            }
            foreach (var method in type.GetMethods().Select(metadata.GetMethodDefinition)) Method(method);
            foreach (var property in type.GetProperties().Select(metadata.GetPropertyDefinition))
            {
                property.DecodeSignature(this, null);
                Attributes(property.GetCustomAttributes());
            }
            foreach (var @event in type.GetEvents().Select(metadata.GetEventDefinition))
            {
                Entity(@event.Type);
                Attributes(@event.GetCustomAttributes());
            }
            foreach (var implementation in type.GetMethodImplementations().Select(metadata.GetMethodImplementation))
            {
                Entity(implementation.MethodBody);
                Entity(implementation.MethodDeclaration);
            }
        }

        private void Method(MethodDefinition method)
        {
            method.DecodeSignature(this, null);
            Attributes(method.GetCustomAttributes());
            GenericParameters(method.GetGenericParameters());
            foreach (var parameter in method.GetParameters()) Attributes(metadata.GetParameter(parameter).GetCustomAttributes());
            if (method.RelativeVirtualAddress == 0) return;
            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil) Entity(body.LocalSignature);
            foreach (var region in body.ExceptionRegions) Entity(region.CatchType);
            Instructions(body.GetILReader());
        }

        private void Instructions(BlobReader il)
        {
            while (il.RemainingBytes > 0)
            {
                var code = (ushort)il.ReadByte();
                if (code == 0xFE) code = (ushort)(0xFE00 | il.ReadByte());
                switch (Operands[code])
                {
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineSig or OperandType.InlineTok
                        or OperandType.InlineType:
                        Entity(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    case OperandType.InlineSwitch:
                        var targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.ShortInlineR or OperandType.InlineString:
                        il.Offset += 4;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                }
            }
        }

        private void GenericParameters(GenericParameterHandleCollection parameters)
        {
            foreach (var parameter in parameters.Select(metadata.GetGenericParameter))
            {
                Attributes(parameter.GetCustomAttributes());
                foreach (var constraint in parameter.GetConstraints()) Entity(metadata.GetGenericParameterConstraint(constraint).Type);
            }
        }

        private void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var attribute in attributes.Select(metadata.GetCustomAttribute))
            {
                Entity(attribute.Constructor);
                // typeof(…) arguments are stored as type names (see GetTypeFromSerializedName).
                try { attribute.DecodeValue(this); }
                catch (BadImageFormatException)
                {
                    // An argument of another assembly's enum type, whose size GetUnderlyingEnumType guessed wrong.
                }
            }
        }

        private void Entity(EntityHandle handle)
        {
            if (handle.IsNil) return;
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    Found.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    metadata.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    var method = metadata.GetMethodDefinition((MethodDefinitionHandle)handle);
                    Found.Add(method.GetDeclaringType());
                    method.DecodeSignature(this, null);
                    break;
                case HandleKind.FieldDefinition:
                    var field = metadata.GetFieldDefinition((FieldDefinitionHandle)handle);
                    Found.Add(field.GetDeclaringType());
                    field.DecodeSignature(this, null);
                    break;
                case HandleKind.MemberReference:
                    var member = metadata.GetMemberReference((MemberReferenceHandle)handle);
                    Entity(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method) member.DecodeMethodSignature(this, null);
                    else member.DecodeFieldSignature(this, null);
                    break;
                case HandleKind.MethodSpecification:
                    var specification = metadata.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Entity(specification.Method);
                    specification.DecodeSignature(this, null);
                    break;
                case HandleKind.StandaloneSignature:
                    var signature = metadata.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (signature.GetKind() == StandaloneSignatureKind.Method) signature.DecodeMethodSignature(this, null);
                    else signature.DecodeLocalSignature(this, null);
                    break;
            }
        }

        // The provider answers names only where attribute decoding needs them (System.Type); the rest is collecting.
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            Found.Add(handle);
            return OutermostName(reader, handle);
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var reference = reader.GetTypeReference(handle);
            return reader.GetString(reference.Namespace) + "." + reader.GetString(reference.Name);
        }

        public string GetTypeFromSpecification(
            MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetTypeFromSerializedName(string name)
        {
            // "Namespace.Outer+Inner, Assembly, Version=…": only the assembly's own types matter here.
            var typeName = name.Split(',')[0].Split('+')[0].Trim();
            var match = metadata.TypeDefinitions.FirstOrDefault(handle => OutermostName(metadata, handle) == typeName);
            if (!match.IsNil) Found.Add(match);
            return typeName;
        }

        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;
        public string GetSystemType() => "System.Type";
        public bool IsSystemType(string type) => type == "System.Type";
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSZArrayType(string elementType) => elementType;
        public string GetArrayType(string elementType, ArrayShape shape) => elementType;
        public string GetByReferenceType(string elementType) => elementType;
        public string GetPointerType(string elementType) => elementType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType;
        public string GetGenericMethodParameter(object? genericContext, int index) => "";
        public string GetGenericTypeParameter(object? genericContext, int index) => "";
        public string GetFunctionPointerType(MethodSignature<string> signature) => "";
    }
}
