package org.kidsafe.consent.verification;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.security.Caller;

import java.net.URI;
import java.util.UUID;

@Path("/v1/verification")
@Tag(name = "Parent verification", description = "Verifiable parental consent: how a parent proves they are an adult")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.PARENT)
public class VerificationResource {

    private final EmailVerificationService email;
    private final ConsentFormService forms;
    private final VerificationMethods methods;
    private final Caller caller;

    VerificationResource(EmailVerificationService email, ConsentFormService forms, VerificationMethods methods, Caller caller) {
        this.email = email;
        this.forms = forms;
        this.methods = methods;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "getVerificationStatus", summary = "Which verifications you passed, which methods exist and what each unlocks, and your forms under review")
    public VerificationView status() {
        UUID parentId = caller.parentId();
        return new VerificationView(
                methods.passedBy(parentId).stream().map(passed -> new VerificationView.Passed(passed.method, passed.assuranceLevel, passed.verifiedAt)).toList(),
                methods.all().stream().map(method -> new VerificationView.Method(method.name(), method.assuranceLevel(), method.unlocks())).toList(),
                forms.submittedBy(parentId).stream().map(ConsentFormView::forParent).toList());
    }

    @POST
    @Path("/email")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "startEmailVerification", summary = "Email plus, step 1: send a confirmation code to your address",
            description = "Unlocks PROFILE, PHOTOS, VOICE and CHAT, never THIRD_PARTY_DISCLOSURE. The code is mailed with the current"
                    + " direct notice (its version and SHA-256), which the consents this verification backs will name. The address is"
                    + " kept only for verification and consent notices, and deleted if verification is not completed.")
    @APIResponse(responseCode = "202", description = "Code sent",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VerificationView.CodeSent.class)))
    @APIResponse(responseCode = "429", description = "email-code-cooldown (a code went to this address, or to you, moments ago) or email-code-limit"
            + " (too many codes for you within the window); Retry-After says when to ask again")
    @APIResponse(responseCode = "503", description = "mail-unavailable")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "example", value = "{\"email\":\"parent@example.com\"}")))
    public Response sendCode(@Valid @NotNull EmailCodeRequest request, @Context HttpHeaders headers) {
        EmailChallenge challenge = email.sendCode(caller.parentId(), request.email(), headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        return Response.accepted(new VerificationView.CodeSent(challenge.id, challenge.expiresAt)).build();
    }

    @POST
    @Path("/email/confirmation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "confirmEmailVerification", summary = "Email plus, step 2: confirm with the emailed code")
    @APIResponse(responseCode = "200", description = "Verified")
    @APIResponse(responseCode = "400", description = "code-invalid")
    @APIResponse(responseCode = "409", description = "code-already-used")
    @APIResponse(responseCode = "410", description = "code-expired or code-exhausted")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "example", value = "{\"challengeId\":\"6f1c2a8e-4b1d-4c3e-9a57-0d2f9b6a1e42\",\"code\":\"12345678\"}")))
    public VerificationView.Passed confirm(@Valid @NotNull EmailConfirmRequest request) {
        ParentVerification passed = email.confirm(caller.parentId(), request.challengeId(), request.code());
        return new VerificationView.Passed(passed.method, passed.assuranceLevel, passed.verifiedAt);
    }

    @POST
    @Path("/consent-forms")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "uploadConsentForm", summary = "Signed consent form: upload the signed form (PDF, PNG or JPEG) as the raw body",
            description = "The type is read from the file itself. Before it is stored, metadata is removed: a photo's Exif (GPS"
                    + " included), XMP and comments; a PDF's document information, XMP, attachments, scripts and actions (form fields"
                    + " are flattened, photos inside cleaned). It is stored encrypted under a key of yours that is destroyed with your"
                    + " contact data. At most kidsafe.verification.max-pending-forms (3) of your forms wait for review at once. A"
                    + " compliance officer reviews it; the file is deleted once decided, or after kidsafe.verification.form-expiry"
                    + " (30 days) undecided, when you are emailed. If you gave an address, the current direct notice is mailed to"
                    + " you as the receipt; an approval makes your consents name it.")
    @APIResponse(responseCode = "201", description = "Submitted for review",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConsentFormView.class)))
    @APIResponse(responseCode = "400", description = "form-empty")
    @APIResponse(responseCode = "409", description = "too-many-pending-forms")
    @APIResponse(responseCode = "413", description = "form-too-large")
    @APIResponse(responseCode = "415", description = "unsupported-form-type: not a PDF, PNG or JPEG")
    @APIResponse(responseCode = "422", description = "corrupt-media or image-too-large: the file cannot be read or cleaned (e.g. a password-protected PDF)")
    @RequestBody(required = true, description = "The signed form's bytes", content = {
            @Content(mediaType = "application/pdf", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    public Response submitForm(byte[] content, @Context HttpHeaders headers) {
        ConsentForm form = forms.submit(caller.parentId(), content, headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        return Response.created(URI.create("/v1/verification")).entity(ConsentFormView.forParent(form)).build();
    }
}
