using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Parley.Crypto;

/// <summary>
/// P/Invoke declarations for Debian's <c>libsecp256k1.so.1</c> (bitcoin-core/secp256k1 0.2.0, built with the recovery
/// module), from <c>secp256k1.h</c> and <c>secp256k1_recovery.h</c>.
/// </summary>
/// <remarks>
/// Every pointer parameter is a <c>ref</c>/<c>in byte</c> to the first byte of a span (the runtime pins it for the
/// call), so no <c>unsafe</c> code is needed. Opaque structs are byte buffers of their documented sizes:
/// <c>secp256k1_pubkey</c> 64 bytes, <c>secp256k1_ecdsa_recoverable_signature</c> 65 bytes. Functions return 1 on
/// success and 0 on failure.
/// </remarks>
internal static class LibSecp256k1
{
    /// <summary>The shared object's name, loadable from Debian's runtime package alone (no -dev symlink).</summary>
    public const string LibraryName = "libsecp256k1.so.1";

    /// <summary><c>SECP256K1_CONTEXT_NONE</c>: the only flag 0.2.0 needs (SIGN and VERIFY are deprecated no-ops).</summary>
    public const uint ContextNone = 1;

    /// <summary><c>SECP256K1_EC_UNCOMPRESSED</c>: serialize a public key as 65 bytes <c>0x04 ‖ x ‖ y</c>.</summary>
    public const uint EcUncompressed = 2;

    /// <summary>Size of <c>secp256k1_pubkey</c>.</summary>
    public const int PublicKeyStructLength = 64;

    /// <summary>Size of <c>secp256k1_ecdsa_recoverable_signature</c>.</summary>
    public const int RecoverableSignatureStructLength = 65;

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    public static extern ContextHandle secp256k1_context_create(uint flags);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    public static extern void secp256k1_context_destroy(nint context);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    public static extern int secp256k1_context_randomize(ContextHandle context, in byte seed32);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    public static extern int secp256k1_ec_seckey_verify(ContextHandle context, in byte seckey32);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    public static extern int secp256k1_ec_pubkey_create(ContextHandle context, ref byte pubkey, in byte seckey32);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    public static extern int secp256k1_ec_pubkey_serialize(ContextHandle context, ref byte output, ref nuint outputLength, in byte pubkey, uint flags);

    /// <summary>Signs with the default nonce function (RFC 6979 HMAC-SHA256) when noncefp and ndata are null; s is low.</summary>
    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    public static extern int secp256k1_ecdsa_sign_recoverable(ContextHandle context, ref byte signature, in byte msghash32, in byte seckey32, nint noncefp, nint ndata);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    public static extern int secp256k1_ecdsa_recoverable_signature_serialize_compact(ContextHandle context, ref byte output64, out int recid, in byte signature);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    public static extern int secp256k1_ecdsa_recoverable_signature_parse_compact(ContextHandle context, ref byte signature, in byte input64, int recid);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    public static extern int secp256k1_ecdsa_recover(ContextHandle context, ref byte pubkey, in byte signature, in byte msghash32);

    /// <summary>Whether the shared object loads and exports the recovery module.</summary>
    public static bool IsAvailable()
    {
        if (!NativeLibrary.TryLoad(LibraryName, out var handle))
        {
            return false;
        }
        return NativeLibrary.TryGetExport(handle, "secp256k1_ecdsa_sign_recoverable", out _)
            && NativeLibrary.TryGetExport(handle, "secp256k1_ecdsa_recover", out _);
    }

    /// <summary>Owns a <c>secp256k1_context*</c>; destroys it when released.</summary>
    internal sealed class ContextHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public ContextHandle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle()
        {
            secp256k1_context_destroy(handle);
            return true;
        }
    }
}
