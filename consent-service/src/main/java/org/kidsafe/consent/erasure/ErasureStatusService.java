package org.kidsafe.consent.erasure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.commons.problem.ProblemException;

import java.util.List;
import java.util.UUID;

/** What a parent may see of erasures: their own sagas, who is still working on one, a child's history for the export. */
@ApplicationScoped
public class ErasureStatusService {

    private final ErasureRequestRepository requests;
    private final ErasureParticipants participants;

    ErasureStatusService(ErasureRequestRepository requests, ErasureParticipants participants) {
        this.requests = requests;
        this.participants = participants;
    }

    /** A saga the parent started; anyone else gets 404. */
    @Transactional
    public ErasureRequest requireOwned(UUID parentId, UUID erasureId) {
        return requests.findByIdOptional(erasureId)
                .filter(request -> request.parentId.equals(parentId))
                .orElseThrow(() -> ProblemException.notFound("erasure"));
    }

    /** The participants that have not answered yet. */
    @Transactional(TxType.SUPPORTS)
    public List<String> pendingServices(ErasureRequest request) {
        return participants.silent(request);
    }

    @Transactional(TxType.SUPPORTS)
    public List<ErasureRequest> listForChild(UUID childId) {
        return requests.listForChild(childId);
    }
}
